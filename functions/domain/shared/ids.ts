/** Lower-case letters, digits and inner hyphens, 2–63 characters: ids chosen by people (groups, services), safe in URLs and keys. */
export const slugPattern = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

/** Record ids Nimbus hands out are ULIDs (Crockford base32, 26 characters). */
export const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;
