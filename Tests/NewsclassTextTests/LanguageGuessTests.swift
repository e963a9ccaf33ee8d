import XCTest
@testable import NewsclassText

final class LanguageGuessTests: XCTestCase {
    private let guesser = LanguageGuesser()

    func testLatinScriptLanguagesByStopWords() {
        let samples = [
            "en": "The government said on Monday that it would close the farms, and the operators have been told to remove their machines.",
            "de": "Die Regierung hat am Montag angekündigt, dass die Anlagen geschlossen werden und die Betreiber ihre Geräte entfernen müssen.",
            "fr": Sample.frenchBody,
            "es": "El gobierno anunció el lunes que cerrará las granjas y que los operadores tendrán que retirar sus máquinas de la ciudad.",
            "it": "Il governo ha annunciato lunedì che le fattorie saranno chiuse e che gli operatori dovranno rimuovere le loro macchine dalla città.",
            "pt": "O governo anunciou na segunda-feira que as fazendas serão fechadas e que os operadores terão de retirar as suas máquinas da cidade.",
            "nl": "De regering heeft maandag aangekondigd dat de boerderijen worden gesloten en dat de exploitanten hun machines uit de stad moeten halen.",
        ]
        for (language, text) in samples {
            XCTAssertEqual(guesser.guess(text), language, text)
        }
    }

    func testScripts() {
        XCTAssertEqual(guesser.guess(Sample.chineseBody), "zh")
        XCTAssertEqual(guesser.guess(Sample.traditionalBody), "zh")
        XCTAssertEqual(guesser.guess("港湾都市は月曜日、暗号資産のマイニング施設を月末までに閉鎖するよう命じたと発表した。"), "ja")
        XCTAssertEqual(guesser.guess("항구 도시는 월요일 암호화폐 채굴장 일곱 곳을 이달 말까지 폐쇄하라고 명령했다."), "ko")
        XCTAssertEqual(guesser.guess("Власти портового города в понедельник распорядились закрыть семь майнинговых ферм."), "ru")
        XCTAssertEqual(guesser.guess("Влада портового міста в понеділок розпорядилася закрити сім ферм, і їх власники мають вивезти обладнання."), "uk")
        XCTAssertEqual(guesser.guess("أعلنت سلطات المدينة الساحلية يوم الاثنين إغلاق سبع مزارع لتعدين العملات المشفرة."), "ar")
        XCTAssertEqual(guesser.guess("Οι αρχές της πόλης ανακοίνωσαν τη Δευτέρα το κλείσιμο επτά φαρμών εξόρυξης."), "el")
        XCTAssertEqual(guesser.guess("רשויות העיר הודיעו ביום שני על סגירת שבע חוות כרייה של מטבעות דיגיטליים."), "he")
    }

    func testChineseWithEnglishNamesIsStillChinese() {
        let text = "据Reuters报道，Bitmain和Canaan Creative表示，海港市的整治行动对其在Texas的业务影响有限，Bitcoin价格周一小幅下跌。"
        XCTAssertEqual(guesser.guess(text), "zh")
    }

    func testEnglishWithAChineseQuoteIsStillEnglish() {
        let text = "The notice, titled 关于整治虚拟货币挖矿活动的通知, was published on Monday and the operators have been told to leave by the end of the month."
        XCTAssertEqual(guesser.guess(text), "en")
    }

    func testUnsure() {
        XCTAssertEqual(guesser.guess(""), "und")
        XCTAssertEqual(guesser.guess("12345 67.8 % 2026-03-02"), "und")
        XCTAssertEqual(guesser.guess("Bitcoin Bitmain Canaan Xinjiang"), "und", "names alone say nothing")
        XCTAssertEqual(guesser.guess("中"), "und", "too short")
    }

    func testArticlesCarryTheGuess() throws {
        XCTAssertEqual(try article(Sample.englishTitle + "\n\n" + Sample.englishBody).language, "en")
        XCTAssertEqual(try article(Sample.chineseTitle + "\n\n" + Sample.chineseBody).language, "zh")
    }

    func testOnlyTheStartIsRead() {
        let text = String(repeating: Sample.chineseBody, count: 30) + String(repeating: " The farms were closed and the operators left.", count: 400)
        XCTAssertEqual(guesser.guess(text), "zh", "the first 2 KiB decide")
    }
}
