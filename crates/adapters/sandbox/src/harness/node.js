"use strict";
// Mentor's JavaScript test harness, run inside the sandbox.
//
// Opens the result channel (fd 3) before any learner code is loaded, checks that main.js
// compiles, loads it, then runs the test files named on the command line and reports one JSON
// line per event on the channel. Test files use `node:test`'s `test(name, fn)` and
// `node:assert`; this harness provides an in-process `test` with the same call shape, so every
// test runs here, in order, with its output captured.

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

const CHANNEL = 3;
const LEARNER_FILE = path.resolve("main.js");
const OUTPUT_CAP = Number(process.env.MENTOR_OUTPUT_CAP || 4096);

function emit(event) {
  fs.writeSync(CHANNEL, JSON.stringify(event) + "\n");
}

function learnerStack(error) {
  if (!(error instanceof Error)) {
    return `Uncaught ${typeof error === "string" ? JSON.stringify(error) : String(error)}`;
  }
  const lines = String(error.stack || `${error.name}: ${error.message}`).split("\n");
  const head = [];
  const frames = [];
  for (const line of lines) {
    if (/^\s+at /.test(line)) {
      if (line.includes(LEARNER_FILE)) frames.push(line.replace(LEARNER_FILE, "main.js"));
    } else if (frames.length === 0) {
      head.push(line);
    }
  }
  return [...head, ...frames].join("\n");
}

const tests = [];
function test(name, options, fn) {
  if (typeof options === "function") fn = options;
  tests.push({ name: String(name), fn });
}
test.test = test;
test.it = test;

const realRequire = Module.prototype.require;
Module.prototype.require = function require(id) {
  if (id === "node:test" || id === "test") return test;
  return realRequire.apply(this, arguments);
};

function capture() {
  const parts = [];
  let size = 0;
  let cut = false;
  const write = (chunk) => {
    const text = String(chunk);
    if (size < OUTPUT_CAP) {
      parts.push(text.slice(0, OUTPUT_CAP - size));
      if (text.length > OUTPUT_CAP - size) cut = true;
      size += Math.min(text.length, OUTPUT_CAP - size);
    } else {
      cut = true;
    }
    // The whole text still counts towards the run's output limit.
    fs.writeSync(1, text);
    return true;
  };
  const saved = [process.stdout.write, process.stderr.write];
  process.stdout.write = write;
  process.stderr.write = write;
  return () => {
    [process.stdout.write, process.stderr.write] = saved;
    const text = parts.join("") + (cut ? "\n… (output cut)" : "");
    return text || null;
  };
}

function failureMessage(error) {
  if (error && error.code === "ERR_ASSERTION") return String(error.message);
  return learnerStack(error);
}

async function main(files) {
  emit({ event: "start" });
  let source;
  try {
    source = fs.readFileSync(LEARNER_FILE, "utf8");
    new vm.Script(Module.wrap(source), { filename: LEARNER_FILE });
  } catch (error) {
    if (error instanceof SyntaxError) {
      const first = String(error.stack || "").split("\n");
      const match = /:(\d+)$/.exec(first[0] || "");
      const lines = source.split("\n");
      // The module wrapper adds a closing line: an error there is at the end of the file.
      const line = match ? Math.min(Number(match[1]), lines.length) : null;
      const where = line ? ` (line ${line})` : "";
      const code = line && lines[line - 1].trim() ? `\n    ${lines[line - 1].trim()}` : "";
      emit({ event: "compile_error", message: `SyntaxError: ${error.message}${where}${code}`, line });
      return;
    }
    throw error;
  }
  try {
    require(LEARNER_FILE);
  } catch (error) {
    emit({ event: "runtime_error", message: learnerStack(error) });
    return;
  }
  try {
    for (const file of files) require(path.resolve(file));
  } catch (error) {
    emit({ event: "runtime_error", message: learnerStack(error) });
    return;
  }
  for (const { name, fn } of tests) {
    const done = capture();
    let passed = true;
    let message = null;
    try {
      await fn({ name });
    } catch (error) {
      passed = false;
      message = failureMessage(error);
    }
    const output = done();
    emit({ event: "test", name, passed, message, output });
  }
  emit({ event: "done" });
}

process.on("uncaughtException", (error) => {
  emit({ event: "runtime_error", message: learnerStack(error) });
  process.exit(0);
});
process.on("unhandledRejection", (error) => {
  emit({ event: "runtime_error", message: learnerStack(error) });
  process.exit(0);
});

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    emit({ event: "harness_error", message: String(error && error.stack) });
    process.exit(1);
  },
);
