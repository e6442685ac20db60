const test = require("node:test");
const assert = require("node:assert/strict");
const { electionWinner } = require("./main.js");

test("no ballots elect nobody", () => {
  assert.equal(electionWinner([]), null);
});

test("a single ballot wins", () => {
  assert.deepEqual(electionWinner(["  Kim "]), { winner: "Kim", votes: 1 });
});

test("the winner is spelled as on their first valid ballot", () => {
  assert.deepEqual(electionWinner(["  dAVE", "Dave", "DAVE", "eve"]), { winner: "dAVE", votes: 3 });
});

test("spoiled ballots are skipped but the rest count", () => {
  assert.deepEqual(electionWinner(["", "Lu", "\t", "Max", "lu", " "]), { winner: "Lu", votes: 2 });
});

test("a three-way tie goes to whoever got there first", () => {
  const ballots = ["Ann", "Ben", "Cy", "Cy", "Ben", "Ann"];
  assert.deepEqual(electionWinner(ballots), { winner: "Cy", votes: 2 });
});

test("a tie of single votes goes to the first ballot", () => {
  assert.deepEqual(electionWinner(["Zed", "Amy", "Bob"]), { winner: "Zed", votes: 1 });
});

test("a late surge overtakes an early leader", () => {
  const ballots = ["Ann", "Ann", "Ann", "Ben", "Ben", "Ben", "Ben"];
  assert.deepEqual(electionWinner(ballots), { winner: "Ben", votes: 4 });
});

test("accented names are compared ignoring case too", () => {
  assert.deepEqual(electionWinner(["Éva", "ÉVA", "Oskar", "éva"]), { winner: "Éva", votes: 3 });
});

test("a big election", () => {
  const ballots = [];
  for (let i = 0; i < 10000; i++) {
    ballots.push(["Ida", "jon", "KAI", "ida "][i % 4]);
  }
  assert.deepEqual(electionWinner(ballots), { winner: "Ida", votes: 5000 });
});
