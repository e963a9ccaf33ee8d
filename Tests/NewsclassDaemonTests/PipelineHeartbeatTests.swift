@testable import NewsclassDaemon
import XCTest

/// When the watchdog is pinged: only on a sign of life that matches the pipeline's state.
final class PipelineHeartbeatTests: XCTestCase {
    private typealias Reading = PipelineHeartbeat.Reading
    private let start = Reading(intakeTicks: 10, finished: 5, logAttempts: 3)

    func testAFinishedFileIsLife() {
        let later = Reading(intakeTicks: 10, finished: 6, logAttempts: 4)
        XCTAssertTrue(PipelineHeartbeat.isAlive(from: start, to: later, inFlight: 40, logFailing: false))
    }

    func testAnIdleIntakeThatTurnsIsLifeOnlyWithNothingInFlight() {
        let later = Reading(intakeTicks: 11, finished: 5, logAttempts: 3)
        XCTAssertTrue(PipelineHeartbeat.isAlive(from: start, to: later, inFlight: 0, logFailing: false))
        // Files waiting while nothing finishes: a stuck worker or a hung fsync, however
        // lively the intake.
        XCTAssertFalse(PipelineHeartbeat.isAlive(from: start, to: later, inFlight: 3, logFailing: false))
    }

    func testAFailingLogThatIsRetriedIsLife() {
        let retried = Reading(intakeTicks: 10, finished: 5, logAttempts: 4)
        XCTAssertTrue(PipelineHeartbeat.isAlive(from: start, to: retried, inFlight: 7, logFailing: true))
        XCTAssertFalse(PipelineHeartbeat.isAlive(from: start, to: start, inFlight: 7, logFailing: true))
    }

    func testNothingMovingIsNoLife() {
        XCTAssertFalse(PipelineHeartbeat.isAlive(from: start, to: start, inFlight: 0, logFailing: false))
    }

    func testCountersAdvance() {
        let heartbeat = PipelineHeartbeat()
        let before = heartbeat.read(logAttempts: 0)
        heartbeat.intakeTicked()
        heartbeat.finisherWorked()
        let after = heartbeat.read(logAttempts: 0)
        XCTAssertEqual(after.intakeTicks, before.intakeTicks + 1)
        XCTAssertEqual(after.finished, before.finished + 1)
    }
}
