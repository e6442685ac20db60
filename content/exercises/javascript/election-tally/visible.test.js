const test = require("node:test");
const assert = require("node:assert/strict");
const { electionWinner } = require("./main.js");

test("votes are counted ignoring case and spaces", () => {
  assert.deepEqual(electionWinner(["Ana", "bo", "ana", "Bo ", "BO"]), { winner: "bo", votes: 3 });
});

test("a tie goes to whoever reached the top count first", () => {
  assert.deepEqual(electionWinner(["Bo", "Ana", "Ana", "Bo"]), { winner: "Ana", votes: 2 });
});

test("only spoiled ballots elect nobody", () => {
  assert.equal(electionWinner(["", "  "]), null);
});
