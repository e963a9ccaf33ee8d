import FuzzSupport
import NewsclassText

// libFuzzer target for JSON articles: the bytes as a .json file (the parser, the search
// for article objects, bodies as strings, lists and HTML fragments, the prose fallback).
// Any bytes must give an article or a rejection, never a trap, hang, stack overflow or
// leak, and the article must have the shape `Article` promises (`ArticleChecks`).
//
// Replay (ordinary builds): .build/debug/fuzz-json FILE...

FuzzDriver.main(name: "json") { bytes in
    ArticleChecks.extract(bytes, fileName: "article.json")
}
