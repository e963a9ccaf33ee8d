import FuzzSupport
import NewsclassText

// libFuzzer target for e-mail: the bytes as a .eml file (headers, encoded-words, MIME
// multiparts and nesting, quoted-printable, base64, per-part charsets). Any bytes must
// give an article or a rejection, never a trap, hang or leak, and the article must have
// the shape `Article` promises (`ArticleChecks`).
//
// Replay (ordinary builds): .build/debug/fuzz-email FILE...

FuzzDriver.main(name: "email") { bytes in
    ArticleChecks.extract(bytes, fileName: "message.eml")
}
