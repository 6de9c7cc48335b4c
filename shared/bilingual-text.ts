// Text a user reads, in both UI languages (zh-CN and en; conventions.md: user-visible text goes
// through i18n). The same shape as a decoded result's meaning, so either can be shown the same way.
import type { Decoded } from './facts';

/** User-visible text in both UI languages. */
export type BilingualText = Decoded['meaning'];

export const say = (en: string, zh: string): BilingualText => ({ en, zh });
