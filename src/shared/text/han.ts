// Chinese characters: what the learner aids look for, on the server and in the client alike.

/** A Han character (CJK ideographs and their extensions, compatibility ideographs, 〇). */
export const HAN = /\p{Script=Han}/u;
