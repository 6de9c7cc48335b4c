// The UI language: follows the system (zh* → Chinese) until the user picks one; kept in prefs.
// Every text the renderer shows comes from here: the string table through useT (bothLanguages for a
// message a store keeps until it is shown), texts main sends in both languages through usePick and
// errorText.
import { useAppStore, type Lang } from '../store/app-store';
import { en, zh, type StringKey } from './strings';
import type { IpcError } from '../../shared/contract';
import type { BilingualText } from '../../shared/aliyun';

export type { Lang, StringKey };

export function systemLang(): Lang {
  return /^zh\b/i.test(navigator.language) ? 'zh-CN' : 'en';
}

export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const table: Record<StringKey, string> = lang === 'zh-CN' ? zh : en;
  return (key, vars) => {
    let text = table[key] ?? en[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
    return text;
  };
}

/** The current language's translate function (re-renders on a language switch). */
export function useT(): Translate {
  return translator(useLang());
}

export function useLang(): Lang {
  return useAppStore((s) => s.prefs.lang) ?? systemLang();
}

/** A text main sends in both languages ({ en, zh }), in the current language; nothing for none. */
export function usePick(): (text: BilingualText | undefined) => string {
  const lang = useLang();
  return (text) => pickText(lang, text);
}

/** usePick() outside a hook: for memoised rows that get the language as a prop. */
export function pickText(lang: string, text: BilingualText | undefined): string {
  return text ? (lang === 'zh-CN' ? text.zh : text.en) : '';
}

/** A table text in both languages, for a message kept in a store that shows it in whichever language is current. */
export function bothLanguages(key: StringKey, vars?: Record<string, string | number>): BilingualText {
  return { en: translator('en')(key, vars), zh: translator('zh-CN')(key, vars) };
}

/** An error from main in the UI language: main's own zh text, else the code's, plus the English detail. */
export function errorText(error: IpcError, lang: Lang): string {
  if (lang === 'zh-CN') return error.zh ?? `${translator(lang)(`error.${error.code}` as StringKey)}（${error.message}）`;
  return error.message || translator(lang)(`error.${error.code}` as StringKey);
}
