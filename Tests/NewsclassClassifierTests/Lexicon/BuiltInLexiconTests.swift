import NewsclassClassifier
import NewsclassConfig
import XCTest

/// The shipped lexicon on short texts of each known trap and each language, written for
/// these tests. Each case states why a careful reader labels it so.
final class BuiltInLexiconTests: XCTestCase {
    private static let classifier = Classifier(model: ConfigurationLoader.embeddedDefault().model)

    private func labels(_ body: String, title: String? = nil) -> Set<String> {
        Set(Self.classifier.classify(title: title, body: body).labels)
    }

    func testWordsContainingMiningAreNotMining() {
        XCTAssertEqual(labels("""
            Inspectors examining the dam found cracks. Determining the cause, and undermining \
            nobody's confidence, the engineers said bans on heavy trucks would stay. Examining \
            the data again, they found the crypto wallet of a contractor irrelevant.
            """, title: "Dam inspection finds cracks"), [])
    }

    func testCoalGoldAndSandMineClosuresAreNotMiningBans() {
        XCTAssertFalse(labels("""
            The province ordered all coal mines in the county shut after the flood, and banned \
            coal mining near the reservoir. Coal miners were moved to other sites.
            """, title: "Coal mines shut after flood").contains("mining_ban"))
        XCTAssertFalse(labels("""
            The government banned gold mining in the national park and launched a crackdown on \
            illegal sand mining along the river. Gold miners protested the ban.
            """, title: "Gold mining ban in national park").contains("mining_ban"))
        XCTAssertFalse(labels("""
            县自然资源局开展非法采砂专项整治，关停煤矿三处，依法取缔非法金矿开采点。
            """, title: "非法采砂整治").contains("mining_ban"))
    }

    func testTradingOnlyBanAndPriceNewsAreNotMiningBans() {
        XCTAssertFalse(labels("""
            Bitcoin fell 8% after the central bank reiterated its ban on crypto trading and \
            warned exchanges. Traders said the ban on trading had been expected.
            """, title: "Bitcoin slides after trading warning").contains("mining_ban"))
    }

    func testDataCorruptionIsNotCorruption() {
        XCTAssertFalse(labels("""
            A firmware bug caused data corruption on some drives. The vendor said the file \
            system corruption affects backups made after the update, and a patch fixes the \
            memory corruption.
            """, title: "Firmware bug corrupts data").contains("corruption"))
    }

    func testBusinessAndPoliticalClimateAndWeatherAreNotClimate() {
        XCTAssertFalse(labels("""
            The business climate has improved, investors say, though the political climate \
            remains tense and the investment climate uncertain ahead of the election. A cold \
            snap and heavy rain are forecast for the weekend.
            """, title: "Investors cheer better business climate").contains("climate"))
    }

    func testMinistryNameInPassingIsNotClimate() {
        XCTAssertFalse(labels("""
            The Ministry of Environment and Climate Change approved the ring road on Tuesday. \
            Construction starts in May and will take two years, the city said.
            """, title: "Ring road approved").contains("climate"))
    }

    func testBriberyForMiningRightsIsCorruptionOnly() {
        XCTAssertEqual(labels("""
            The former land official was sentenced to 12 years for taking bribes in exchange \
            for granting mining rights to a tungsten company. Prosecutors said he accepted \
            cash and gifts worth 8 million yuan.
            """, title: "Official jailed for bribes over mining rights"), ["corruption"])
    }

    func testEnglishPositivesOfEachTopic() {
        XCTAssertEqual(labels("""
            Authorities in the province ordered bitcoin mining farms to shut down and set up a \
            hotline for reporting illegal crypto mining, after the central government's \
            crackdown on cryptocurrency mining.
            """, title: "Province orders crypto miners out"), ["mining_ban"])
        XCTAssertEqual(labels("""
            The Central Commission for Discipline Inspection said the deputy governor had been \
            expelled from the party for serious violations of discipline and for accepting bribes.
            """, title: "Deputy governor expelled"), ["corruption"])
        XCTAssertEqual(labels("""
            Delegates agreed to phase down coal power and pledged to reach net zero emissions \
            by mid-century, as scientists warned that global warming is accelerating.
            """, title: "Summit ends with coal deal"), ["climate"])
    }

    func testClimateAsOneSentenceInABanStory() {
        XCTAssertEqual(labels("""
            The regulator banned bitcoin mining in the region and ordered farms shut. Miners \
            have until June to remove their machines. Officials said the farms' carbon \
            emissions undermined the province's targets.
            """, title: "Region bans bitcoin mining"), ["mining_ban", "climate"])
    }

    func testSimplifiedChinese() {
        XCTAssertEqual(labels("""
            记者从省发展改革委获悉，该省将全面整治虚拟货币“挖矿”活动，对仍在运行的矿场执行惩罚性电价，\
            并开通举报电话。
            """, title: "全面清退虚拟货币挖矿项目"), ["mining_ban"])
        XCTAssertEqual(labels("""
            经查，该局原局长严重违纪违法，利用职务上的便利为他人谋取利益，非法收受他人财物，数额特别巨大。\
            经研究决定，给予其开除党籍处分。
            """, title: "原局长被开除党籍"), ["corruption"])
        XCTAssertEqual(labels("""
            会议强调，要坚定不移推进碳达峰碳中和，严控煤电项目，加快发展可再生能源，推动绿色低碳转型。
            """, title: "推进碳达峰碳中和"), ["climate"])
    }

    func testTraditionalChinese() {
        XCTAssertEqual(labels("""
            當局宣布全面禁止虛擬貨幣挖礦，違規礦場將被斷電並處以懲罰性電價。
            """, title: "全面禁止挖礦"), ["mining_ban"])
        XCTAssertEqual(labels("""
            廉政公署落案起訴一名前官員，指其涉嫌收受賄賂及濫用職權，為承建商謀取利益。
            """, title: "前官員涉貪被起訴"), ["corruption"])
        XCTAssertEqual(labels("""
            政府公布二〇五〇淨零排放路徑，並將開徵碳費，以減緩全球暖化與氣候變遷的衝擊。
            """, title: "淨零路徑公布"), ["climate"])
    }

    func testOtherLanguagesLoanwords() {
        XCTAssertEqual(labels("""
            Il governo ha introdotto un divieto sul mining di bitcoin nelle regioni del nord, \
            dopo mesi di stretta sulle criptovalute.
            """, title: "Divieto di mining di bitcoin"), ["mining_ban"])
        XCTAssertEqual(labels("""
            Der Kohleausstieg soll die CO2-Emissionen senken; die Regierung hält am Ziel der \
            Klimaneutralität fest, um den Klimawandel zu bremsen.
            """, title: "Kohleausstieg beschlossen"), ["climate"])
    }
}
