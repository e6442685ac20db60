const test = require("node:test");
const assert = require("node:assert/strict");
const { parsePercent } = require("./main.js");

test("a whole percentage becomes a fraction", () => {
  assert.equal(parsePercent("15%"), 15 / 100);
});

test("a missing percent sign is a SyntaxError", () => {
  assert.throws(() => parsePercent("15"), {
    name: "SyntaxError",
    message: 'invalid percentage: "15"',
  });
});

test("more than 100 percent is a RangeError", () => {
  assert.throws(() => parsePercent("120%"), {
    name: "RangeError",
    message: "percentage out of range: 120%",
  });
});
