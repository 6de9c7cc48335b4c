// The renderer's one string table: every user-visible text, in English and Simplified Chinese (the
// engineers who use ModemDeck work in Chinese). Each workspace keeps its texts in its own file; they
// join here into one key space, read through useT (i18n/index.ts).
import { mqttEn, mqttZh } from './mqtt';
import { qcomEn, qcomZh } from './qcom';

/** Two workspaces' texts as one table. A key both define fails typecheck: a spread would silently keep the second text. */
function join<A extends object, B extends object>(a: A, b: B & Record<keyof A & keyof B, never>): A & B {
  return { ...a, ...b };
}

export const en = join(qcomEn, mqttEn);

export type StringKey = keyof typeof en;

export const zh: Record<StringKey, string> = join(qcomZh, mqttZh);
