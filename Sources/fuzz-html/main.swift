import FuzzSupport
import NewsclassText

// libFuzzer target for HTML: the bytes as an .html file (tags, attributes, entities,
// raw-text elements, furniture skipping, article/main preference, meta charsets). Any
// bytes must give an article or a rejection, never a trap, hang or leak, and the article
// must have the shape `Article` promises (`ArticleChecks`).
//
// Replay (ordinary builds): .build/debug/fuzz-html FILE...

FuzzDriver.main(name: "html") { bytes in
    ArticleChecks.extract(bytes, fileName: "page.html")
}
