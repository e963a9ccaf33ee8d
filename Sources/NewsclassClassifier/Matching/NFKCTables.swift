/// `NFKCData`'s text, parsed once into sorted arrays.
final class NFKCTables: Sendable {
    static let shared = NFKCTables()

    let compatibility: DecompositionTable
    let canonical: DecompositionTable
    /// Ranges of non-zero combining classes, ascending: first, last, class.
    private let classFirsts: [UInt32]
    private let classLasts: [UInt32]
    private let classes: [UInt8]
    /// Pairs packed as `first << 21 | second`, ascending, and their composites.
    private let compositionPairs: [UInt64]
    private let composites: [UInt32]

    private init() {
        compatibility = DecompositionTable(Self.entries(NFKCData.compatibilityDecompositions))
        canonical = DecompositionTable(Self.entries(NFKCData.canonicalDecompositions))
        var firsts: [UInt32] = [], lasts: [UInt32] = [], classes: [UInt8] = []
        for entry in Self.entries(NFKCData.combiningClasses) {
            let (range, value) = Self.split(entry, at: "=")
            let bounds = range.split(separator: "-")
            firsts.append(Self.hex(bounds[0]))
            lasts.append(Self.hex(bounds[bounds.count - 1]))
            classes.append(UInt8(value)!)
        }
        var pairs: [(UInt64, UInt32)] = []
        for entry in Self.entries(NFKCData.compositions) {
            let parts = entry.split(separator: " ").map(Self.hex)
            pairs.append((UInt64(parts[0]) << 21 | UInt64(parts[1]), parts[2]))
        }
        pairs.sort { $0.0 < $1.0 }
        self.classFirsts = firsts
        self.classLasts = lasts
        self.classes = classes
        self.compositionPairs = pairs.map(\.0)
        self.composites = pairs.map(\.1)
    }

    func combiningClass(of v: UInt32) -> UInt8 {
        // The last range starting at or before v.
        var low = 0, high = classFirsts.count
        while low < high {
            let mid = (low + high) / 2
            if classFirsts[mid] <= v { low = mid + 1 } else { high = mid }
        }
        guard low > 0, v <= classLasts[low - 1] else { return 0 }
        return classes[low - 1]
    }

    func composition(_ first: UInt32, _ second: UInt32) -> UInt32? {
        guard let k = Self.index(of: UInt64(first) << 21 | UInt64(second), in: compositionPairs) else {
            return nil
        }
        return composites[k]
    }

    static func index<T: Comparable>(of key: T, in sorted: [T]) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == key ? low : nil
    }

    static func entries(_ text: String) -> [Substring] {
        text.split(separator: ";").map { $0.drop { $0 == "\n" || $0 == " " } }.filter { !$0.isEmpty }
    }

    static func split(_ entry: Substring, at separator: Character) -> (Substring, Substring) {
        let i = entry.firstIndex(of: separator)!
        return (entry[..<i], entry[entry.index(after: i)...])
    }

    static func hex(_ s: Substring) -> UInt32 {
        UInt32(s, radix: 16)!
    }
}
