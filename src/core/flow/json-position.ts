/**
 * Where a JSON text stops being JSON. `JSON.parse` names an offset only for some errors and its
 * wording changes between Node versions, so a flow file's syntax error is located here instead,
 * by a small scanner that follows the JSON grammar (RFC 8259) without building values. It keeps
 * its own stack (no recursion), so a deeply nested body cannot overflow the call stack.
 */
export interface JsonSyntaxError {
  /** 0-based offset of the first character that cannot be part of the JSON text. */
  offset: number;
  /** 1-based line and column of that character (a column counts UTF-16 code units). */
  line: number;
  column: number;
  /** What was expected there, e.g. "expected ',' or '}' after a property value". */
  message: string;
  /** Where the value before the error ended, when that helps (a missing comma belongs there). */
  after?: { line: number; column: number };
}

/** 1-based line and column of an offset (lines end at \n; a \r\n counts as one end). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

/** The first syntax error of a text, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const stack: ('{' | '[')[] = [];
  let mode: 'value' | 'key' | 'after' = 'value';
  let first = false;
  let valueEnd = -1;
  const fail = (message: string, at = i, after?: number): JsonSyntaxError => ({
    offset: at,
    ...lineColumn(text, at),
    message,
    ...(after !== undefined && after >= 0 ? { after: lineColumn(text, after) } : {}),
  });
  const found = (): string => (i >= text.length ? 'end of the text' : `'${text[i]}'`);
  const scanString = (): JsonSyntaxError | null => {
    const open = i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return null;
      }
      if (c === '\\') {
        ESCAPE.lastIndex = i + 1;
        if (!ESCAPE.test(text)) return fail('invalid escape sequence in a string', i);
        i = ESCAPE.lastIndex;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return fail('a string may not contain a raw line break or control character (write \\n)', i);
      i++;
    }
    return fail('a string is not closed (no ending \'"\')', open);
  };
  for (;;) {
    while (i < text.length && WS.has(text[i])) i++;
    const c = text[i];
    if (mode === 'value') {
      if (c === undefined) return fail(`unexpected ${found()}: expected a value`);
      if (c === ']' && first && stack.at(-1) === '[') {
        stack.pop();
        i++;
      } else if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        mode = c === '{' ? 'key' : 'value';
        first = true;
        continue;
      } else if (c === '"') {
        const e = scanString();
        if (e) return e;
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail('invalid number');
        i = NUMBER.lastIndex;
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return fail(`unexpected ${found()}: expected a value${c === ']' || c === '}' ? ' (a trailing comma?)' : ''}`);
        i += word.length;
      }
      valueEnd = i;
      mode = 'after';
      continue;
    }
    if (mode === 'key') {
      if (c === '}' && first) {
        stack.pop();
        i++;
        valueEnd = i;
        mode = 'after';
        continue;
      }
      if (c !== '"') return fail(`unexpected ${found()}: expected a property name in double quotes${c === '}' ? ' (a trailing comma?)' : ''}`);
      const e = scanString();
      if (e) return e;
      while (i < text.length && WS.has(text[i])) i++;
      if (text[i] !== ':') return fail(`unexpected ${found()}: expected ':' after a property name`);
      i++;
      mode = 'value';
      first = false;
      continue;
    }
    const top = stack.at(-1);
    if (!top) return c === undefined ? null : fail(`unexpected ${found()} after the end of the JSON value`);
    const close = top === '{' ? '}' : ']';
    if (c === ',') {
      i++;
      mode = top === '{' ? 'key' : 'value';
      first = false;
    } else if (c === close) {
      stack.pop();
      i++;
      valueEnd = i;
    } else {
      const what = top === '{' ? 'a property value' : 'an array element';
      return fail(`unexpected ${found()}: expected ',' or '${close}' after ${what}`, i, valueEnd);
    }
  }
}
