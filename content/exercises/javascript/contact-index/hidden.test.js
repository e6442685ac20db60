const test = require("node:test");
const assert = require("node:assert/strict");
const { contactIndex } = require("./main.js");

test("no names give an empty index", () => {
  assert.deepEqual(contactIndex([]), {});
});

test("a single name", () => {
  assert.deepEqual(contactIndex(["zoe"]), { Z: ["zoe"] });
});

test("names are trimmed before filing", () => {
  assert.deepEqual(contactIndex(["\t mia\n", "Max  "]), { M: ["mia", "Max"] });
});

test("accented first letters keep their accent", () => {
  assert.deepEqual(contactIndex(["émile", "Eva", "Élodie"]), {
    "É": ["émile", "Élodie"],
    E: ["Eva"],
  });
});

test("digits, symbols and emoji go under #", () => {
  assert.deepEqual(contactIndex(["+44 hotline", "7-Eleven", "😀 Smiley", "(Mum)"]), {
    "#": ["+44 hotline", "7-Eleven", "😀 Smiley", "(Mum)"],
  });
});

test("letters from other scripts are letters too", () => {
  assert.deepEqual(contactIndex(["ωmega", "Ωlga", "юлия"]), {
    "Ω": ["ωmega", "Ωlga"],
    "Ю": ["юлия"],
  });
});

test("the same name twice is listed twice", () => {
  assert.deepEqual(contactIndex(["Tom", "tim", "Tom"]), { T: ["Tom", "tim", "Tom"] });
});
