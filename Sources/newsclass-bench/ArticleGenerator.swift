/// Deterministic news-like articles for timing. The sentences are written for this
/// benchmark; about a third of the articles lean towards each topic and some to none, so
/// the matcher sees realistic densities of hits, near-misses and plain prose.
struct ArticleGenerator {
    let seed: UInt64

    private static let neutral = [
        "The committee met on Tuesday to review the quarterly figures and agreed to publish a summary next month.",
        "Local residents said the new bus line had cut their commute by almost twenty minutes each way.",
        "Analysts expect the central bank to hold rates steady while inflation remains close to its target.",
        "The company reported revenue of 4.2 billion yuan, up eight percent from a year earlier.",
        "Officials from both cities signed a memorandum on cooperation in tourism, education and culture.",
        "A spokesperson declined to comment on the timing of the announcement, citing ongoing talks.",
        "The festival drew more than forty thousand visitors over the long weekend, according to organisers.",
        "Shares in the sector rose in early trading before giving up most of their gains by the close.",
        "The report, compiled from interviews with more than two hundred firms, was released on Monday.",
        "Engineers are examining whether the bridge can carry heavier traffic after the planned upgrade.",
        "Determining the cause of the delay will take several weeks, the port authority said.",
        "The football club confirmed that its captain will miss the next three matches with an ankle injury.",
        "The political climate in the capital has grown tense ahead of the provincial elections.",
        "A software bug led to data corruption in part of the archive, which was restored from backups.",
        "The coal mine in the north of the province remained closed after last week's flooding.",
    ]
    private static let mining = [
        "Authorities ordered bitcoin mining farms in the region to shut down within a week.",
        "The provincial development and reform commission announced a rectification campaign against crypto mining.",
        "Miners who keep running machines face punitive electricity prices, the notice said.",
        "Many operators have moved their rigs abroad since the ban, with Kazakhstan and Texas the main destinations.",
        "The network's hash rate fell sharply after the crackdown took effect.",
        "A hotline has been set up for the public to report illegal cryptocurrency mining.",
    ]
    private static let corruption = [
        "The former deputy mayor was expelled from the party for serious violations of discipline.",
        "Prosecutors said he accepted bribes worth more than 30 million yuan in exchange for contracts.",
        "The anti-corruption agency opened an investigation into kickbacks in hospital procurement.",
        "She was sentenced to twelve years in prison for embezzlement and abuse of power.",
        "Investigators from the discipline inspection commission seized cash and gold bars at his home.",
    ]
    private static let climate = [
        "The government reaffirmed its pledge to peak carbon emissions before 2030 and reach carbon neutrality by 2060.",
        "Delegates at the climate summit argued over the wording on a phase-down of coal power.",
        "The study estimated the carbon footprint of the industry at 65 million tonnes a year.",
        "Scientists warned that global warming is making heatwaves longer and more frequent.",
        "Investment in renewable energy overtook spending on fossil fuels for the first time last year.",
    ]
    private static let chinese = [
        "国家发展改革委表示，将继续整治虚拟货币挖矿活动，对违规企业执行惩罚性电价。",
        "该市纪委监委通报，原副局长严重违纪违法，收受财物，被开除党籍。",
        "专家指出，实现碳达峰碳中和目标需要加快能源结构转型，控制煤电增长。",
        "当天，市民在公园里散步，天气晴朗，气温适宜。",
    ]

    init(seed: UInt64) {
        self.seed = seed
    }

    func text(index: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        let target = 2048 + Int(random.next() % 6144)
        let lean = random.next() % 4
        let themed: [String]
        switch lean {
        case 0: themed = Self.mining
        case 1: themed = Self.corruption
        case 2: themed = Self.climate
        default: themed = []
        }
        var text = "Report \(index): " + Self.neutral[Int(random.next() % UInt64(Self.neutral.count))] + "\n\n"
        var paragraph = 0
        while text.utf8.count < target {
            let roll = random.next() % 10
            let sentence: String
            if !themed.isEmpty, roll < 3 {
                sentence = themed[Int(random.next() % UInt64(themed.count))]
            } else if roll == 9, random.next() % 4 == 0 {
                sentence = Self.chinese[Int(random.next() % UInt64(Self.chinese.count))]
            } else {
                sentence = Self.neutral[Int(random.next() % UInt64(Self.neutral.count))]
            }
            text += sentence
            paragraph += 1
            text += paragraph % 4 == 0 ? "\n\n" : " "
        }
        return Array(text.utf8)
    }

    static func htmlPage(_ text: [UInt8]) -> [UInt8] {
        let body = String(decoding: text, as: UTF8.self)
        let paragraphs = body.split(separator: "\n\n")
        let title = paragraphs.first.map(String.init) ?? ""
        var html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(title) &ndash; Example News</title>
            <meta property="og:title" content="\(title)"><style>body{font-family:serif}nav a{margin:0 4px}</style>
            <script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script></head>
            <body><header><nav><a href="/">Home</a><a href="/world">World</a><a href="/business">Business</a></nav></header>
            <main><article><h1>\(title)</h1>

            """
        for paragraph in paragraphs.dropFirst() {
            html += "<p>\(paragraph.replacingAmpersands())</p>\n"
        }
        html += """
            </article></main><aside>Most read: <a href="/a">Markets close higher</a></aside>
            <footer>&copy; 2026 Example News. All rights reserved.</footer>
            <script>document.querySelectorAll('a').forEach(function(a){a.rel='noopener'})</script></body></html>
            """
        return Array(html.utf8)
    }
}

/// A small, fast, seedable generator, so every run benchmarks the same articles.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Substring {
    fileprivate func replacingAmpersands() -> String {
        var out = ""
        for character in self {
            if character == "&" { out += "&amp;" } else { out.append(character) }
        }
        return out
    }
}
