import type { NotificationReader } from '../domain/notifications/ports';
import { commentEntity } from './entities/comment.entity';
import { membershipEntity } from './entities/membership.entity';
import { watchEntity } from './entities/watch.entity';

/** What notification planning reads, each one request (a Query follows every page). */
export const notificationReader: NotificationReader = {
  async watchers(recordId) {
    const { data } = await watchEntity().query.primary({ recordId }).go({ pages: 'all', consistent: true });
    return data.map((watch) => watch.userId);
  },

  async comment(recordId, commentId) {
    const { data } = await commentEntity().get({ incidentId: recordId, id: commentId }).go({ consistent: true });
    return data ? { id: data.id, body: data.body, visibility: data.visibility, authorId: data.authorId } : undefined;
  },

  async groupMembers(groupId) {
    const { data } = await membershipEntity().query.primary({ groupId }).go({ pages: 'all', consistent: true });
    return new Set(data.map((membership) => membership.userId));
  },
};
