const test = require("node:test");
const assert = require("node:assert/strict");
const { parsePercent } = require("./main.js");

test("a decimal percentage with surrounding spaces", () => {
  assert.equal(parsePercent(" 12.5% "), 12.5 / 100);
});

test("the limits 0% and 100% are allowed", () => {
  assert.equal(parsePercent("0%"), 0);
  assert.equal(parsePercent("100%"), 1);
});

test("a number instead of a string is a TypeError", () => {
  assert.throws(() => parsePercent(15), {
    name: "TypeError",
    message: "expected a string, got number",
  });
});

test("null is a TypeError naming typeof null", () => {
  assert.throws(() => parsePercent(null), {
    name: "TypeError",
    message: "expected a string, got object",
  });
});

test("a negative percentage is a SyntaxError", () => {
  assert.throws(() => parsePercent("-5%"), {
    name: "SyntaxError",
    message: 'invalid percentage: "-5%"',
  });
});

test("the error message quotes the value exactly as given", () => {
  assert.throws(() => parsePercent(" 5 % "), {
    name: "SyntaxError",
    message: 'invalid percentage: " 5 % "',
  });
});

test("an empty string is a SyntaxError", () => {
  assert.throws(() => parsePercent(""), {
    name: "SyntaxError",
    message: 'invalid percentage: ""',
  });
});

test("half-written numbers are SyntaxErrors", () => {
  for (const text of ["%", "5.%", ".5%", "5%%", "1e2%", "abc"]) {
    assert.throws(() => parsePercent(text), {
      name: "SyntaxError",
      message: `invalid percentage: "${text}"`,
    });
  }
});

test("just over 100 is a RangeError with the trimmed text", () => {
  assert.throws(() => parsePercent(" 100.5%\n"), {
    name: "RangeError",
    message: "percentage out of range: 100.5%",
  });
});
