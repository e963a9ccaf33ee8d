import Foundation
import NewsclassTestSupport
import XCTest

/// Everything a `NotifySocketListener` hears, collected on a thread of its own (which
/// ends within 5 s of the recorder).
final class NotifyRecorder: Sendable {
    private final class Heard: @unchecked Sendable {
        let lock = NSCondition()
        var datagrams: [String] = []
        var closed = false
    }

    private let heard = Heard()

    init(_ listener: NotifySocketListener) {
        let thread = Thread { [heard] in
            while !heard.lock.withLock({ heard.closed }) {
                guard let datagram = listener.receive() else { continue }
                heard.lock.withLock {
                    heard.datagrams.append(datagram)
                    heard.lock.broadcast()
                }
            }
        }
        thread.start()
    }

    deinit {
        heard.lock.withLock { heard.closed = true }
    }

    var all: [String] { heard.lock.withLock { heard.datagrams } }

    /// One datagram heard, and where in the sequence.
    struct Datagram {
        var text: String
        var position: Int
    }

    /// The `count`-th datagram (after `earlier`, if given) that `matches`; fails after
    /// 60 s without one.
    @discardableResult
    func waitFor(
        count: Int = 1, after earlier: Datagram? = nil, file: StaticString = #filePath, line: UInt = #line,
        _ matches: (String) -> Bool
    ) throws -> Datagram {
        let deadline = Date(timeIntervalSinceNow: 60)
        return try heard.lock.withLock {
            while true {
                let start = earlier.map { $0.position + 1 } ?? 0
                let found = heard.datagrams.indices.dropFirst(start).filter { matches(heard.datagrams[$0]) }
                if found.count >= count { return Datagram(text: heard.datagrams[found[count - 1]], position: found[count - 1]) }
                if !heard.lock.wait(until: deadline) {
                    XCTFail("no such datagram within 60 s; heard: \(heard.datagrams)", file: file, line: line)
                    throw XCTSkip("gave up waiting")
                }
            }
        }
    }
}
