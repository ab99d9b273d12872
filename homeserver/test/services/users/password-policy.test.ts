import t from "tap";
import { checkNewPassword, MAX_PASSWORD_CODE_POINTS, MIN_PASSWORD_CODE_POINTS, passwordProblem } from "../../../src/services/users/password-policy.js";

const errcodeOf = (password: string) => passwordProblem(password)?.errcode;

t.test("length is counted in code points, 12 to 128, any characters", async (t) => {
  t.equal(MIN_PASSWORD_CODE_POINTS, 12);
  t.equal(MAX_PASSWORD_CODE_POINTS, 128);
  const twelve = "héllo wörld😀";
  t.equal([...twelve].length, 12);
  t.equal(twelve.length, 13, "UTF-16 would count the emoji twice");
  t.equal(errcodeOf(twelve), undefined, "exactly 12 code points with an emoji: accepted");
  const eleven = "héllo wörl😀";
  t.equal(eleven.length, 12, "12 UTF-16 units...");
  t.equal(errcodeOf(eleven), "M_WEAK_PASSWORD", "...but 11 code points: too short");
  t.equal(errcodeOf("short"), "M_WEAK_PASSWORD");
  t.equal(errcodeOf(""), "M_WEAK_PASSWORD");
  t.equal(errcodeOf("correct horse battery staple"), undefined, "a passphrase");
  t.equal(errcodeOf("пароль для врача"), undefined, "another script");
  t.equal(errcodeOf("nocapitalsordigitshere"), undefined, "no composition rules");

  const words = "the quick brown fox jumps over the lazy dog and keeps on running ";
  const longest = words.repeat(3).slice(0, 128);
  t.equal(errcodeOf(longest), undefined, "128 code points");
  t.equal(errcodeOf(longest + "x"), "M_INVALID_PARAM", "129: too long");
  const emojiLongest = `${"🩺".repeat(64)}${"abcdefghij".repeat(6)}1234`;
  t.equal([...emojiLongest].length, 128);
  t.equal(errcodeOf(emojiLongest), undefined, "128 code points, 192 UTF-16 units");
});

t.test("common passwords are refused, whatever their case", async (t) => {
  for (const common of ["qwerty123456", "QWERTY123456", "1qaz2wsx3edc", "Q1W2E3R4T5Y6", "administrator"]) {
    t.equal(errcodeOf(common), "M_WEAK_PASSWORD", common);
    t.match(passwordProblem(common)?.message, /commonly used/, common);
  }
});

t.test("a few characters repeated are refused", async (t) => {
  for (const repeated of ["aaaaaaaaaaaa", "abababababab", "abcabcabcabc", "1234123412341234", "😀😀😀😀😀😀😀😀😀😀😀😀"]) {
    t.equal(errcodeOf(repeated), "M_WEAK_PASSWORD", repeated);
  }
  t.equal(errcodeOf("abcabcabcabd"), undefined, "almost a repetition is a password like any other");
});

t.test("checkNewPassword throws the Matrix error", async (t) => {
  t.throws(() => checkNewPassword("password"), { name: "MatrixError", status: 400, errcode: "M_WEAK_PASSWORD" });
  t.throws(() => checkNewPassword("x".repeat(129) + "y"), { name: "MatrixError", status: 400, errcode: "M_INVALID_PARAM" });
  t.doesNotThrow(() => checkNewPassword("correct horse battery staple"));
});
