/// A FIFO handed from one thread to others: `push` never blocks (the pipeline bounds
/// what is in flight before anything is pushed, see `InFlightGate`), `pop` blocks until
/// an item arrives or the queue is closed and drained.
final class WorkQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var head = 0
        var closed = false

        mutating func popFirst() -> Item? {
            guard head < items.count else { return nil }
            let item = items[head]
            head += 1
            if head > 1024, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    private let monitor = Monitor(State())

    func push(_ item: Item) {
        monitor.withLock { $0.value.items.append(item) }
        monitor.broadcast()
    }

    /// The next item; nil once the queue is closed and empty, or at `deadline`
    /// (monotonic ns) when given.
    func pop(until deadline: UInt64? = nil) -> Item? {
        monitor.withLock { locked in
            while true {
                if let item = locked.value.popFirst() { return item }
                if locked.value.closed { return nil }
                if let deadline {
                    if Monotonic.now() >= deadline { return nil }
                    locked.wait(until: deadline)
                } else {
                    locked.wait()
                }
            }
        }
    }

    /// No more pushes are coming: `pop` drains what is queued, then returns nil.
    func close() {
        monitor.withLock { $0.value.closed = true }
        monitor.broadcast()
    }

    var count: Int { monitor.withLock { $0.value.items.count - $0.value.head } }
}
