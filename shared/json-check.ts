// A JSON checker with a readable error position, for what the user types into a payload editor.
import type { BilingualText } from './bilingual-text';

export type JsonCheck =
  | { ok: true; value: unknown }
  | ({ ok: false; /** UTF-16 offset of the problem */ offset: number; /** 1-based */ line: number; /** 1-based */ column: number } & BilingualText);

/**
 * Parses JSON; on failure says where and what, in words an engineer reads at a glance. JSON.parse's
 * own messages differ between engines and often carry no position, so a small scanner finds it.
 */
export function validateJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { offset, en, zh } = firstJsonError(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, offset, line, column, en: `Line ${line}, column ${column}: ${en}`, zh: `第 ${line} 行第 ${column} 列：${zh}` };
  }
}

interface JsonProblem extends BilingualText {
  offset: number;
}

class JsonSyntax extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.en);
  }
}

/** A recursive-descent walk over JSON (RFC 8259) that stops at the first problem. */
function firstJsonError(text: string): JsonProblem {
  let i = 0;
  const fail = (en: string, zh: string, at = i): never => {
    throw new JsonSyntax({ offset: at, en, zh });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (ch: string, en: string, zh: string) => {
    ws();
    if (i >= text.length) fail(`unexpected end, ${en}`, `内容不完整，${zh}`);
    if (text[i] !== ch) fail(`${en}, found ${JSON.stringify(text[i])}`, `${zh}，实际是 ${JSON.stringify(text[i])}`);
    i++;
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('\\u must be followed by 4 hex digits', '\\u 后面必须跟 4 位十六进制数字');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('invalid escape in a string', '字符串中有无效的转义');
      } else if (text.charCodeAt(i) < 0x20) fail('line break or control character inside a string (write \\n)', '字符串中有换行或控制字符（请写成 \\n）');
      i++;
    }
    if (i >= text.length) fail('string never closed: a " is missing', '字符串没有结束：缺少 "', start);
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail('unexpected end, a value is missing', '内容不完整，缺少值');
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] === '}') fail('comma before } (remove the trailing comma)', '} 前面多了一个逗号');
        if (text[i] !== '"') fail(i >= text.length ? 'unexpected end, a property name is missing' : 'a property name must be in double quotes', i >= text.length ? '内容不完整，缺少属性名' : '属性名必须用双引号括起来');
        string();
        expect(':', 'expected : after the property name', '属性名后面应该是冒号 :');
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}', 'expected , or } after a value', '值后面应该是逗号 , 或 }');
        return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        if (text[i] === ']') fail('comma before ] (remove the trailing comma)', '] 前面多了一个逗号');
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']', 'expected , or ] after an element', '元素后面应该是逗号 , 或 ]');
        return;
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) {
      if (c === "'") fail("strings need double quotes, not '", "字符串要用双引号，不能用单引号 '");
      fail(`unexpected ${JSON.stringify(c)}: not a JSON value`, `意外的字符 ${JSON.stringify(c)}：不是合法的 JSON 值`);
    }
    i += literal![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the end of the JSON`, `JSON 结束后还有多余的字符 ${JSON.stringify(text[i])}`);
  } catch (e) {
    if (e instanceof JsonSyntax) return e.problem;
    throw e;
  }
  // JSON.parse refused what this scanner accepts (e.g. a lone surrogate): point at the start.
  return { offset: 0, en: 'not valid JSON', zh: '不是合法的 JSON' };
}
