import XCTest

extension PrivateJournald {
    /// `start()`, or a skip with the reason (printed too, so CI logs show it) where a
    /// private journald cannot run here.
    public static func startOrSkip() throws -> PrivateJournald {
        do {
            return try start()
        } catch let error as Unavailable {
            print("skipped: \(error)")
            throw XCTSkip("\(error)")
        }
    }
}
