/** Seconds of a policy target, or undefined when `text` is not a duration duration.ts accepts (see there). */
import { DurationError, parseDuration } from './duration';

export function targetSeconds(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch (error) {
    if (error instanceof DurationError) return undefined;
    throw error;
  }
}

/** Why `text` is not a valid target, or undefined when it is. */
export function targetProblem(text: string): string | undefined {
  try {
    parseDuration(text);
    return undefined;
  } catch (error) {
    if (error instanceof DurationError) return error.message;
    throw error;
  }
}
