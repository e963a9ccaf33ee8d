import Foundation
import NewsclassEventLog
import SystemPackage
import XCTest

/// The log on a 64 KiB tmpfs that a filler file fills up. Needs root and a kernel that
/// lets this process mount; skipped with the reason otherwise.
final class DiskFullTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var mountPoint = ""

    override func setUpWithError() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root to mount a small tmpfs") }
        scratch = try ScratchDirectory()
        mountPoint = scratch.file("mnt")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let status = try Self.run(["/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint])
        guard status == 0 else {
            print("DiskFullTests skipped: mount -t tmpfs failed (exit \(status))")
            throw XCTSkip("mount -t tmpfs -o size=64k failed with status \(status)")
        }
    }

    override func tearDownWithError() throws {
        if !mountPoint.isEmpty { _ = try? Self.run(["/bin/umount", "-l", mountPoint]) }
        scratch = nil
    }

    func testFullDiskPausesTheLogAndItResumesWithNothingLostOrDuplicated() throws {
        let path = mountPoint + "/events.jsonl"
        var options = EventLogWriter.Options()
        options.initialRetryDelay = .milliseconds(5)
        options.maximumRetryDelay = .milliseconds(40)
        let writer = try EventLogWriter(path: path, options: options)
        let healthChanges = Collector<EventLogHealth>()
        writer.onHealthChange = { healthChanges.add($0) }
        for n in 0..<3 { try writer.appendAndWait(Records.rejected(file: "early-\(n)")) }

        let filler = mountPoint + "/filler"
        try fill(filler)

        // Each record is larger than a page, so none fits in the slack of the log's last page.
        let completed = Collector<Int>()
        let count = 5
        for n in 0..<count {
            let record = Records.classified(
                file: "late-\(n).txt", id: Records.id(n), topics: ["climate"], title: String(repeating: "t", count: 5000))
            writer.append(record) { result in
                if case .success(let written) = result { completed.add(written.seq ?? -1) }
            }
        }
        XCTAssertTrue(waitUntil { !writer.health.isOK }, "the writer reports the full disk")
        guard case .failing(let errno, _) = writer.health else { return XCTFail("not failing") }
        XCTAssertEqual(errno, .noSpace)
        XCTAssertEqual(writer.health.error, .diskTrouble(.noSpace))
        XCTAssertEqual(completed.count, 0, "no completion while nothing could be written")
        XCTAssertFalse(writer.flush(timeout: .milliseconds(50)), "flush cannot finish while the disk is full")
        // Appends keep queueing while the disk is full.
        writer.append(Records.rejected(file: "queued-while-full")) { result in
            if case .success(let written) = result { completed.add(written.seq ?? -1) }
        }

        try FileManager.default.removeItem(atPath: filler)
        writer.flush()
        XCTAssertEqual(writer.health, .ok)
        writer.close()

        XCTAssertEqual(completed.all.sorted(), Array(4...(4 + count)))
        XCTAssertEqual(try LogFileContents.seqs(path), Array(1...(4 + count)), "no partial line, no gap, no repeat")
        XCTAssertEqual(healthChanges.all.first.map { if case .failing = $0 { true } else { false } }, true)
        XCTAssertEqual(healthChanges.all.last, .ok)
    }

    func testCloseCanGiveUpOnAFullDiskWithoutLeavingAPartialLine() throws {
        let path = mountPoint + "/events.jsonl"
        var options = EventLogWriter.Options()
        options.initialRetryDelay = .milliseconds(5)
        options.maximumRetryDelay = .milliseconds(20)
        let writer = try EventLogWriter(path: path, options: options)
        try writer.appendAndWait(Records.rejected(file: "early"))
        try fill(mountPoint + "/filler")

        let outcomes = Collector<String>()
        for n in 0..<3 {
            writer.append(Records.classified(
                file: "late-\(n)", id: Records.id(n), topics: [], title: String(repeating: "x", count: 6000))
            ) { result in
                switch result {
                case .success: outcomes.add("written")
                case .failure(let error): outcomes.add("\(error)")
                }
            }
        }
        XCTAssertTrue(waitUntil { !writer.health.isOK })
        XCTAssertFalse(writer.close(abandonAfter: .milliseconds(100)))
        XCTAssertEqual(outcomes.all, Array(repeating: "\(EventLogError.closed)", count: 3))
        XCTAssertEqual(try LogFileContents.seqs(path), [1])
    }

    /// Writes zeros until the filesystem has no room left.
    private func fill(_ path: String) throws {
        let descriptor = try FileDescriptor.open(
            FilePath(path), .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
        defer { try? descriptor.close() }
        let block = [UInt8](repeating: 0, count: 4096)
        while true {
            do {
                if try descriptor.writeAll(block) < block.count { break }
            } catch Errno.noSpace {
                break
            }
        }
        XCTAssertThrowsError(try descriptor.writeAll([0]), "the filesystem is full")
    }

    private static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
