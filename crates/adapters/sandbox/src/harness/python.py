"""Mentor's Python test harness, run inside the sandbox.

Opens the result channel (fd 3) before any learner code is imported, checks that main.py
compiles, imports it, then runs the unittest modules named on the command line and reports
one JSON line per event on the channel. Learner output is captured per test and capped.
"""

import io
import json
import os
import sys
import traceback
import unittest

CHANNEL = os.fdopen(3, "w", encoding="utf-8", buffering=1)
LEARNER_FILE = "main.py"
OUTPUT_CAP = int(os.environ.get("MENTOR_OUTPUT_CAP", "4096"))


def emit(**event):
    CHANNEL.write(json.dumps(event) + "\n")
    CHANNEL.flush()


def learner_traceback(exc):
    """The exception with only the learner's frames (main.py), most recent call last."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__)
        if os.path.basename(f.filename) == LEARNER_FILE
    ]
    lines = []
    if frames:
        lines.append("Traceback (most recent call last):")
        for f in frames:
            lines.append(f'  line {f.lineno}, in {f.name}')
            if f.line:
                lines.append(f"    {f.line}")
    lines.append("".join(traceback.format_exception_only(type(exc), exc)).rstrip())
    return "\n".join(lines)


class CappedText(io.TextIOBase):
    def __init__(self, cap):
        self.cap = cap
        self.parts = []
        self.size = 0
        self.cut = False

    def writable(self):
        return True

    def write(self, text):
        if self.size < self.cap:
            room = self.cap - self.size
            self.parts.append(text[:room])
            self.size += min(len(text), room)
            if len(text) > room:
                self.cut = True
        else:
            self.cut = True
        # The whole text still counts towards the run's output limit.
        sys.__stdout__.write(text)
        return len(text)

    def value(self):
        text = "".join(self.parts)
        if self.cut:
            text += "\n… (output cut)"
        return text or None


def sentence(test):
    name = test._testMethodName
    if name.startswith("test_"):
        name = name[5:]
    return name.replace("_", " ")


class Result(unittest.TestResult):
    def startTest(self, test):
        super().startTest(test)
        self._capture = CappedText(OUTPUT_CAP)
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout = sys.stderr = self._capture
        self._outcome = ("passed", None)

    def stopTest(self, test):
        sys.stdout, sys.stderr = self._saved
        outcome, message = self._outcome
        emit(event="test", name=sentence(test), passed=outcome == "passed",
             message=message, output=self._capture.value())
        super().stopTest(test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._outcome = ("failed", str(err[1]))

    def addError(self, test, err):
        super().addError(test, err)
        self._outcome = ("failed", learner_traceback(err[1]))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._outcome = ("failed", f"skipped: {reason}")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._outcome = ("failed", "unexpected success")


def main(modules):
    emit(event="start")
    sys.path.insert(0, os.getcwd())
    try:
        with open(LEARNER_FILE, encoding="utf-8") as f:
            source = f.read()
        compile(source, LEARNER_FILE, "exec")
    except SyntaxError as e:
        where = f" (line {e.lineno})" if e.lineno else ""
        text = f"\n    {e.text.rstrip()}" if e.text else ""
        emit(event="compile_error", message=f"{type(e).__name__}: {e.msg}{where}{text}",
             line=e.lineno)
        return
    except ValueError as e:  # for example a null byte in the source
        emit(event="compile_error", message=f"{type(e).__name__}: {e}", line=None)
        return
    try:
        import main as _learner  # noqa: F401
    except BaseException as e:  # SystemExit and KeyboardInterrupt included
        emit(event="runtime_error", message=learner_traceback(e))
        return
    suite = unittest.TestLoader().loadTestsFromNames(modules)
    suite.run(Result())
    emit(event="done")


if __name__ == "__main__":
    main(sys.argv[1:])
    CHANNEL.close()
    os._exit(0)
