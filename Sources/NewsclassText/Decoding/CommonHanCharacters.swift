/// The few hundred most frequent Chinese characters, in simplified and traditional
/// forms, as a bit set over the CJK Unified Ideographs block.
///
/// This is the plausibility test behind encoding detection: real Chinese text is mostly
/// made of these (about three quarters of running text), while Big5 bytes read as GB18030
/// (or the reverse) land on rare characters, private-use code points and kana.
struct CommonHanCharacters: Sendable {
    private static let firstScalar: UInt32 = 0x4E00
    private static let lastScalar: UInt32 = 0x9FFF

    private let bits: [UInt64]

    static let shared = CommonHanCharacters()

    private init() {
        var bits = [UInt64](repeating: 0, count: Int(Self.lastScalar - Self.firstScalar) / 64 + 1)
        for list in [Self.simplified, Self.traditional, Self.newsVocabulary] {
            for scalar in list.unicodeScalars where scalar.value >= Self.firstScalar && scalar.value <= Self.lastScalar {
                let index = Int(scalar.value - Self.firstScalar)
                bits[index >> 6] |= 1 << UInt64(index & 63)
            }
        }
        self.bits = bits
    }

    func contains(_ value: UInt32) -> Bool {
        guard value >= Self.firstScalar, value <= Self.lastScalar else { return false }
        let index = Int(value - Self.firstScalar)
        return bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    private static let simplified = """
        的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过\
        发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前\
        开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重\
        并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常\
        先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报\
        才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼\
        书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术\
        领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失\
        转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技\
        际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显\
        吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投\
        某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇\
        察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属\
        坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急\
        血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略\
        范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘\
        读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛\
        托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野
        """

    private static let traditional = """
        這個們來為國說時會對後裡過發經麼學現當動還進樣開實從軍無與長機點業將兩間問應戰頭體見產話\
        東聲員處義幾認條氣題爾別變總電數報結務場計資許統區隊書則聽卻達難權設記類據邊張規萬覺術領確\
        傳師觀讓識帶導爭運飛風轉準遠單愛擊備連調團價黨華級離況亞請際約復線斷滿視須增寫稱功嗎歷醫專\
        費號盡較語僅隨選紅響雖勢參眾構節劃敵陳態護興責營夠嚴續講終緊黃絕織鬥雙紀採舉殺蘇願錢網熱屬\
        職樂剛狀獨彈創錯蘭試腦誰陽繼驚傷藥適衛險陸習勞財環納歡獲雲遊龍樹層衝範漢簡擔靜積餘檢靈協徵\
        揮勝階審堅媽劉讀壓銀買養懷執亂幫歲優鐵稅藝陣腳惡塊頓島戶寶釋顧貨評歐換聞壞討麗監臨擊區產業\
        濟農廣顯專質據議證選舉黨報導與對應當時關係發現經濟政府國家們這個
        """

    /// Characters of the topics newsclass classifies, so that short news snippets about
    /// them score as Chinese in either script.
    private static let newsVocabulary = """
        矿礦挖币幣比特虚虛拟擬货貨禁止整治碳排放煤电電腐败敗贿賄官员員纪紀委监監察贪貪污党黨
        气氣候温溫暖化峰中和能源环環境保护護减減违違法规規查处處局厅廳县縣镇鎮乡鄉村
        """
}
