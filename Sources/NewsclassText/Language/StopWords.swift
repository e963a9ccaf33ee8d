/// The most frequent function words of the Latin-script languages the guesser tells
/// apart. Words shared by several languages ("de", "la", "a", "in") count for each of
/// them; the distinctive ones decide.
enum StopWords {
    /// Languages in bit order of the table's masks.
    static let languages = ["en", "de", "fr", "es", "it", "pt", "nl"]

    static let table: PackedKeyTable<UInt8> = {
        let lists = [
            // en
            """
            the and of to in is that for it was on with as are by this be at from have has had not but or an \
            which they their were been will would said its he she his her we who after more than also about into \
            there these what when can could should our them
            """,
            // de
            """
            der die das und ist nicht ein eine einen einem einer den dem des mit von zu auf für im sich auch es \
            wird werden wurde sind hat haben nach bei aus wie oder aber noch nur dass sie er wir vor über zum zur \
            durch am als bis
            """,
            // fr
            """
            le la les des du un une et est dans pour que qui pas sur au aux avec ce cette sont par il elle ont été \
            plus mais ou leur ses son se ne nous vous être comme selon où très
            """,
            // es
            """
            el la los las de del y en que un una por con para es se no al lo su sus como más pero fue ha han este \
            esta sobre entre también según cuando muy ya desde porque
            """,
            // it
            """
            il lo la gli le di del della dei delle che e è un una per con non sono nel nella alla al dal come anche \
            ma più questo questa stato ha hanno essere si dopo secondo tra fra loro ancora degli
            """,
            // pt
            """
            o os a as de do da dos das que e é um uma em no na nos nas para com não por se ao mais mas foi são pelo \
            pela seu sua também está ser como já entre disse ainda
            """,
            // nl
            """
            de het een en van in is dat op te zijn met voor niet die er aan ook als bij door om maar naar worden \
            wordt werd heeft hebben nog uit dan over deze tot kan zal zich geen
            """,
        ]
        var masks: [String: UInt8] = [:]
        for (index, list) in lists.enumerated() {
            for word in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                masks[String(word), default: 0] |= 1 << UInt8(index)
            }
        }
        return PackedKeyTable(words: masks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, placeholder: 0)
    }()
}
