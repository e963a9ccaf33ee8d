/// A table while the document is read: mutable, with how it came to exist, which decides
/// what may still be added to it. `frozen()` turns it into the value the caller gets.
final class TableNode {
    enum Origin {
        /// Named on the way to another table (`a` in `[a.b]`); a header may still define it.
        case implicit
        /// Defined by `[header]` (or the root).
        case header
        /// Made by a dotted key (`a` in `a.b = 1`); more dotted keys may add to it, a header may not define it.
        case dotted
        /// One element of an array of tables (`[[header]]`).
        case arrayElement
        /// `{ … }`: complete where it is written.
        case inline
    }

    enum Content {
        /// A value written with `=`: a scalar, a static array or an inline table. Never extended.
        case value(TOMLValue)
        case table(TableNode)
        case arrayOfTables(TableArray)
    }

    struct Slot {
        var keyPosition: TOMLPosition
        var content: Content
    }

    final class TableArray {
        var elements: [TableNode]
        let position: TOMLPosition

        init(first: TableNode, position: TOMLPosition) {
            elements = [first]
            self.position = position
        }
    }

    var origin: Origin
    /// The dotted path for messages, array-of-tables elements as `name[index]`.
    let path: String
    var position: TOMLPosition
    /// 0 for the root; a child is one deeper.
    let depth: Int
    private(set) var keys: [String] = []
    private(set) var slots: [String: Slot] = [:]

    init(origin: Origin, path: String, position: TOMLPosition, depth: Int) {
        self.origin = origin
        self.path = path
        self.position = position
        self.depth = depth
    }

    func childPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func insert(_ key: String, at position: TOMLPosition, _ content: Content) {
        if slots[key] == nil { keys.append(key) }
        slots[key] = Slot(keyPosition: position, content: content)
    }

    func frozen() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            guard let slot = slots[key] else { continue }
            let value: TOMLValue
            switch slot.content {
            case .value(let written):
                value = written
            case .table(let child):
                value = TOMLValue(.table(child.frozen()), at: child.position)
            case .arrayOfTables(let array):
                let elements = array.elements.map { TOMLValue(.table($0.frozen()), at: $0.position) }
                value = TOMLValue(.array(elements), at: array.position)
            }
            table.set(key, value, keyPosition: slot.keyPosition)
        }
        return table
    }
}

// MARK: - What may be defined where

extension Parser {
    /// `[a.b.c]`: walks to `a.b` (making tables as needed) and defines `c`.
    func defineTable(_ key: [KeyPart]) throws(TOMLError) -> TableNode {
        let (parent, last) = try walkForHeader(key)
        let path = parent.childPath(last.name)
        let at = position(last.offset)
        guard let slot = parent.slots[last.name] else {
            return try newTable(last, in: parent, origin: .header)
        }
        let first = slot.keyPosition.line
        switch slot.content {
        case .table(let existing):
            switch existing.origin {
            case .implicit:
                existing.origin = .header
                existing.position = at
                return existing
            case .dotted:
                throw error("the table \(path) was already made by dotted keys (line \(first)); it cannot have a [\(path)] header too",
                            at: last.offset, key: path)
            default:
                throw error("the table [\(path)] is defined twice (first on line \(first))", at: last.offset, key: path)
            }
        case .arrayOfTables:
            throw error("\(path) is an array of tables ([[\(path)]], line \(first)); it cannot also be a [table]",
                        at: last.offset, key: path)
        case .value(let value):
            throw alreadyAValue(value, path: path, line: first, offset: last.offset)
        }
    }

    /// `[[a.b.c]]`: walks to `a.b` and appends a new table to the array `c`.
    func appendArrayTable(_ key: [KeyPart]) throws(TOMLError) -> TableNode {
        let (parent, last) = try walkForHeader(key)
        let path = parent.childPath(last.name)
        let at = position(last.offset)
        guard let slot = parent.slots[last.name] else {
            try checkDepth(parent, last)
            let element = TableNode(origin: .arrayElement, path: "\(path)[0]", position: at, depth: parent.depth + 1)
            parent.insert(last.name, at: at, .arrayOfTables(TableNode.TableArray(first: element, position: at)))
            return element
        }
        let first = slot.keyPosition.line
        switch slot.content {
        case .arrayOfTables(let array):
            let element = TableNode(
                origin: .arrayElement, path: "\(path)[\(array.elements.count)]", position: at, depth: parent.depth + 1)
            array.elements.append(element)
            return element
        case .table:
            throw error("\(path) is a table (line \(first)); [[\(path)]] cannot make it an array of tables",
                        at: last.offset, key: path)
        case .value(let value):
            if value.array != nil {
                throw error("\(path) is a static array (line \(first)); [[\(path)]] cannot append to it",
                            at: last.offset, key: path)
            }
            throw alreadyAValue(value, path: path, line: first, offset: last.offset)
        }
    }

    /// The table a header's last key goes into: every table on the way is entered (made
    /// implicitly if missing; for an array of tables, its last element).
    private func walkForHeader(_ key: [KeyPart]) throws(TOMLError) -> (TableNode, KeyPart) {
        var table = root
        guard let last = key.last else { throw error("expected a key") }
        for part in key.dropLast() {
            let path = table.childPath(part.name)
            guard let slot = table.slots[part.name] else {
                table = try newTable(part, in: table, origin: .implicit)
                continue
            }
            switch slot.content {
            case .table(let child):
                table = child
            case .arrayOfTables(let array):
                guard let element = array.elements.last else { throw error("empty array of tables", key: path) }
                table = element
            case .value(let value):
                throw alreadyAValue(value, path: path, line: slot.keyPosition.line, offset: part.offset)
            }
        }
        return (table, last)
    }

    /// `a.b.c = value` in `table`: the table that gets `c` (making `a` and `a.b` as dotted
    /// tables if missing), after checking that `c` is new there.
    func tableForKeyValue(_ key: [KeyPart], in start: TableNode) throws(TOMLError) -> (TableNode, KeyPart) {
        var table = start
        guard let last = key.last else { throw error("expected a key") }
        for part in key.dropLast() {
            let path = table.childPath(part.name)
            guard let slot = table.slots[part.name] else {
                table = try newTable(part, in: table, origin: .dotted)
                continue
            }
            let first = slot.keyPosition.line
            switch slot.content {
            case .table(let child) where child.origin == .dotted:
                table = child
            case .table:
                throw error("the table \(path) is defined by a [header] (line \(first)); dotted keys cannot add to it",
                            at: part.offset, key: path)
            case .arrayOfTables:
                throw error("\(path) is an array of tables (line \(first)); dotted keys cannot add to it",
                            at: part.offset, key: path)
            case .value(let value):
                throw alreadyAValue(value, path: path, line: first, offset: part.offset)
            }
        }
        if let slot = table.slots[last.name] {
            let path = table.childPath(last.name)
            throw error("the key \(path) is defined twice (first on line \(slot.keyPosition.line))",
                        at: last.offset, key: path)
        }
        return (table, last)
    }

    private func newTable(_ part: KeyPart, in parent: TableNode, origin: TableNode.Origin) throws(TOMLError) -> TableNode {
        try checkDepth(parent, part)
        let at = position(part.offset)
        let child = TableNode(origin: origin, path: parent.childPath(part.name), position: at, depth: parent.depth + 1)
        parent.insert(part.name, at: at, .table(child))
        return child
    }

    private func checkDepth(_ parent: TableNode, _ part: KeyPart) throws(TOMLError) {
        guard parent.depth < TOMLParser.maxDepth else {
            throw error("nested too deeply (at most \(TOMLParser.maxDepth) levels of tables and arrays)",
                        at: part.offset, key: parent.childPath(part.name))
        }
    }

    private func alreadyAValue(_ value: TOMLValue, path: String, line: Int, offset: Int) -> TOMLError {
        if value.table != nil {
            return error("\(path) is an inline table (line \(line)); it cannot be extended", at: offset, key: path)
        }
        return error("\(path) is already \(value.typeDescription) (line \(line)), not a table", at: offset, key: path)
    }
}
