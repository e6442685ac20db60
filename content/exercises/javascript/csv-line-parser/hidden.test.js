const test = require("node:test");
const assert = require("node:assert/strict");
const { parseCsvLine } = require("./main.js");

test("an empty line is one empty field", () => {
  assert.deepEqual(parseCsvLine(""), [""]);
});

test("a lone comma is two empty fields", () => {
  assert.deepEqual(parseCsvLine(","), ["", ""]);
});

test("an empty quoted field", () => {
  assert.deepEqual(parseCsvLine('"",x'), ["", "x"]);
});

test("a quoted field that is just one quote character", () => {
  assert.deepEqual(parseCsvLine('""""'), ['"']);
});

test("spaces are kept and a quote after a space is ordinary", () => {
  assert.deepEqual(parseCsvLine(' a , "b",c '), [" a ", ' "b"', "c "]);
});

test("a quote inside an unquoted field is ordinary", () => {
  assert.deepEqual(parseCsvLine('5" pipe,2'), ['5" pipe', "2"]);
});

test("quoted fields may contain line breaks", () => {
  assert.deepEqual(parseCsvLine('"line one\nline two",end'), ["line one\nline two", "end"]);
});

test("Unicode text passes through unchanged", () => {
  assert.deepEqual(parseCsvLine('Zoë,"Müller, Jörg",😀'), ["Zoë", "Müller, Jörg", "😀"]);
});

test("text after a closing quote is a SyntaxError", () => {
  assert.throws(() => parseCsvLine('"ab"c,d'), {
    name: "SyntaxError",
    message: "unexpected character after closing quote at position 4",
  });
});

test("a space after a closing quote is a SyntaxError too", () => {
  assert.throws(() => parseCsvLine('1,"two" ,3'), {
    name: "SyntaxError",
    message: "unexpected character after closing quote at position 7",
  });
});

test("a doubled quote at the end does not close the field", () => {
  assert.throws(() => parseCsvLine('a,b,"ends with quote""'), {
    name: "SyntaxError",
    message: "unterminated quoted field starting at position 4",
  });
});

test("a quote alone is unterminated", () => {
  assert.throws(() => parseCsvLine('"'), {
    name: "SyntaxError",
    message: "unterminated quoted field starting at position 0",
  });
});

test("a long line with many fields", () => {
  const expected = [];
  const parts = [];
  for (let i = 0; i < 100000; i++) {
    if (i % 2 === 0) {
      expected.push(`v${i}`);
      parts.push(`v${i}`);
    } else {
      expected.push(`q,"${i}"`);
      parts.push(`"q,""${i}"""`);
    }
  }
  assert.deepEqual(parseCsvLine(parts.join(",")), expected);
});
