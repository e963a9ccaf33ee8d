import Foundation
import Glibc
import Synchronization
import XCTest
@testable import NewsclassSpool

final class SpoolClaimerTests: XCTestCase {
  private func claimed(_ result: ClaimResult, file: StaticString = #filePath, line: UInt = #line) throws -> Claim {
    guard case .claimed(let claim) = result else {
      XCTFail("expected a claim, got \(result)", file: file, line: line)
      throw XCTSkip("no claim")
    }
    return claim
  }

  // MARK: Claim

  func testClaimMovesTheFileIntoProcessingAndFinishArchivesIt() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.makeDirectories(spool.path(.incoming, "a/b"))
    Disk.write(spool.path(.incoming, "a/b/x.txt"), "hello")
    let claimer = SpoolClaimer(layout: spool.layout)

    let claim = try claimed(claimer.claim(.of("a/b/x.txt")))
    XCTAssertEqual(claim.path, .of("a/b/x.txt"))
    XCTAssertEqual(claim.token?.count, 16)
    XCTAssertFalse(Disk.exists(spool.path(.incoming, "a/b/x.txt")))
    XCTAssertEqual(spool.entries(.processing), [claim.processingName.bytes])
    XCTAssertEqual(try claimer.load(claim, maxBytes: 100), .content(Array("hello".utf8)))

    let archived = try claimer.finish(claim, archive: true)
    XCTAssertEqual(archived, .of("done/a/b/x.txt"))
    XCTAssertEqual(Disk.read(Array(spool.path(.done, "a/b/x.txt").utf8)), Array("hello".utf8))
    XCTAssertEqual(spool.entries(.processing), [])
    XCTAssertEqual(Disk.mode(spool.path(.done, "a")).map { $0 & ~0o750 }, 0, "private: at most 0750")
  }

  func testFinishWithoutArchiveDeletes() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.write(spool.path(.incoming, "x.txt"))
    let claimer = SpoolClaimer(layout: spool.layout)
    let claim = try claimed(claimer.claim(.of("x.txt")))
    XCTAssertNil(try claimer.finish(claim, archive: false))
    XCTAssertEqual(spool.entries(.processing), [])
    XCTAssertEqual(spool.entries(.done), [])
  }

  func testAnImmutableFileIsUnclaimableAndStaysReadableInPlace() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.makeDirectories(spool.path(.incoming, "desk"))
    Disk.write(spool.path(.incoming, "desk/x.txt"), "hello")
    let file = spool.path(.incoming, "desk/x.txt")
    // Even root may not rename an immutable file: EPERM.
    guard chattr("+i", file) else {
      print("skipped: chattr +i failed (needs CAP_LINUX_IMMUTABLE and a file system with the flag)")
      throw XCTSkip("cannot make a file immutable here")
    }
    defer { _ = chattr("-i", file) }
    let claimer = SpoolClaimer(layout: spool.layout)
    guard case .unclaimable(let unclaimable) = try claimer.claim(.of("desk/x.txt")) else {
      return XCTFail("an immutable file cannot be claimed")
    }
    var status = stat()
    XCTAssertEqual(lstat(file, &status), 0)
    XCTAssertEqual(unclaimable.path, .of("desk/x.txt"))
    XCTAssertEqual(unclaimable.errno, .notPermitted)
    XCTAssertEqual(unclaimable.stamp.inode, UInt64(status.st_ino))
    XCTAssertEqual(unclaimable.stamp.changeNanoseconds, Int64(status.st_ctim.tv_nsec))
    XCTAssertEqual(unclaimable.folder, "incoming/desk")
    XCTAssertTrue(unclaimable.detail.hasPrefix("cannot move it out of incoming/desk (mode 0"), unclaimable.detail)
    XCTAssertTrue(unclaimable.detail.contains("EPERM (Operation not permitted); the file or its folder is immutable"),
                  unclaimable.detail)
    XCTAssertEqual(spool.entries(.processing), [], "no sidecar or claim left behind")
    XCTAssertEqual(try claimer.loadInPlace(unclaimable, maxBytes: 100), .content(Array("hello".utf8)))
    XCTAssertEqual(try claimer.loadInPlace(unclaimable, maxBytes: 2)?.rejectionReason, .tooLarge)

    // Replaced by another file under the same name: nothing left to record for this one.
    XCTAssertTrue(chattr("-i", file))
    Disk.rename(file, spool.path(.incoming, "desk/.old"))
    Disk.write(spool.path(.incoming, "desk/x.txt"), "other")
    XCTAssertNil(try claimer.loadInPlace(unclaimable, maxBytes: 100))
    Disk.removeTree(spool.path(.incoming, "desk/x.txt"))
    XCTAssertNil(try claimer.loadInPlace(unclaimable, maxBytes: 100))
  }

  private func chattr(_ flag: String, _ path: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
    process.arguments = [flag, path]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }

  func testVanishedFiles() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let claimer = SpoolClaimer(layout: spool.layout)
    XCTAssertEqual(try claimer.claim(.of("never-was.txt")), .vanished)
    XCTAssertEqual(try claimer.claim(.of("no/such/folder.txt")), .vanished)

    // The second of two events for one file.
    Disk.write(spool.path(.incoming, "once.txt"))
    _ = try claimed(claimer.claim(.of("once.txt")))
    XCTAssertEqual(try claimer.claim(.of("once.txt")), .vanished)

    // A name that is now a folder is not claimed: its files are taken one by one.
    Disk.makeDirectories(spool.path(.incoming, "folder"))
    Disk.write(spool.path(.incoming, "folder/inside.txt"))
    XCTAssertEqual(try claimer.claim(.of("folder")), .vanished)
    XCTAssertTrue(Disk.exists(spool.path(.incoming, "folder/inside.txt")))

    // A path through a file.
    Disk.write(spool.path(.incoming, "plain"))
    XCTAssertEqual(try claimer.claim(.of("plain/x.txt")), .vanished)
    XCTAssertEqual(spool.entries(.processing).count, 1)
  }

  func testAFolderReplacedByASymbolicLinkIsNotFollowed() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    // incoming/a -> a daemon-writable folder outside incoming: claiming "a/victim" must not
    // move the victim.
    Disk.makeDirectories(spool.base + "/private")
    Disk.write(spool.base + "/private/victim", "precious")
    XCTAssertEqual(symlink(spool.base + "/private", spool.path(.incoming, "a")), 0)
    let claimer = SpoolClaimer(layout: spool.layout)
    XCTAssertEqual(try claimer.claim(.of("a/victim")), .vanished)
    XCTAssertEqual(Disk.read(Array((spool.base + "/private/victim").utf8)), Array("precious".utf8))
    XCTAssertEqual(spool.entries(.processing), [])
  }

  // MARK: Load

  func testSymbolicLinkIsClaimedItselfAndRejected() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.write(spool.base + "/target.txt", "not yours")
    XCTAssertEqual(symlink(spool.base + "/target.txt", spool.path(.incoming, "link.txt")), 0)
    let claimer = SpoolClaimer(layout: spool.layout)
    let claim = try claimed(claimer.claim(.of("link.txt")))
    XCTAssertEqual(
      try claimer.load(claim, maxBytes: 1000),
      .rejected(SpoolRejection(reason: .notRegularFile, detail: "symlink", size: nil)))
    let failed = try claimer.fail(claim, reason: "not_regular_file", detail: "symlink")
    XCTAssertEqual(failed, .of("failed/link.txt"))
    XCTAssertEqual(Disk.fileType(spool.path(.failed, "link.txt")), S_IFLNK)
    XCTAssertEqual(Disk.read(Array((spool.base + "/target.txt").utf8)), Array("not yours".utf8))
  }

  func testFIFOIsRejectedWithoutBlocking() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    XCTAssertEqual(mkfifo(spool.path(.incoming, "pipe.txt"), 0o644), 0)
    let claimer = SpoolClaimer(layout: spool.layout)
    let claim = try claimed(claimer.claim(.of("pipe.txt")))
    // If load ever opened the FIFO for a blocking read, this would hang: run it aside.
    let outcome = try runAside { try claimer.load(claim, maxBytes: 1000) }
    XCTAssertEqual(outcome, .rejected(SpoolRejection(reason: .notRegularFile, detail: "FIFO", size: nil)))
    XCTAssertEqual(Disk.fileType(spool.path(.processing, claim.processingName.displayString)), S_IFIFO)
  }

  func testSocketIsRejected() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let path = spool.path(.incoming, "sock")
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
      throw XCTSkip("temporary path too long for a socket address")
    }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
      raw[bytes.count] = 0
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    XCTAssertEqual(bound, 0)
    let claimer = SpoolClaimer(layout: spool.layout)
    let claim = try claimed(claimer.claim(.of("sock")))
    XCTAssertEqual(
      try claimer.load(claim, maxBytes: 1000),
      .rejected(SpoolRejection(reason: .notRegularFile, detail: "socket", size: nil)))
  }

  func testSizes() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.write(spool.path(.incoming, "empty.txt"), "")
    Disk.write(spool.path(.incoming, "ten.txt"), "0123456789")
    Disk.write(spool.path(.incoming, "eleven.txt"), "0123456789A")
    let big = [UInt8](repeating: 0x61, count: 3 * 1024 * 1024 + 17)
    Disk.write(Array(spool.path(.incoming, "big.txt").utf8), big)
    let claimer = SpoolClaimer(layout: spool.layout)

    let empty = try claimed(claimer.claim(.of("empty.txt")))
    XCTAssertEqual(try claimer.load(empty, maxBytes: 10), .content([]))
    let ten = try claimed(claimer.claim(.of("ten.txt")))
    XCTAssertEqual(try claimer.load(ten, maxBytes: 10), .content(Array("0123456789".utf8)))
    let eleven = try claimed(claimer.claim(.of("eleven.txt")))
    XCTAssertEqual(
      try claimer.load(eleven, maxBytes: 10),
      .rejected(SpoolRejection(reason: .tooLarge, detail: "11 bytes exceeds max_bytes 10", size: 11)))
    let large = try claimed(claimer.claim(.of("big.txt")))
    XCTAssertEqual(try claimer.load(large, maxBytes: 10 * 1024 * 1024), .content(big))
  }

  func testUnreadableFile() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.write(Array(spool.path(.incoming, "locked.txt").utf8), Array("secret".utf8), mode: 0o000)
    XCTAssertEqual(chmod(spool.path(.incoming, "locked.txt"), 0o000), 0)
    let claimer = SpoolClaimer(layout: spool.layout)
    let claim = try claimed(claimer.claim(.of("locked.txt")))
    let expected = LoadResult.rejected(
      SpoolRejection(reason: .unreadable, detail: "open: Permission denied", size: 6))
    if geteuid() != 0 {
      XCTAssertEqual(try claimer.load(claim, maxBytes: 100), expected)
      return
    }
    // Root reads mode-000 files. The file-system user id is per thread on Linux, and
    // dropping it to nobody also drops CAP_DAC_OVERRIDE, for that thread only: load there.
    typealias SetFsuid = @convention(c) (UInt32) -> CInt
    guard let symbol = dlsym(nil, "setfsuid") else { throw XCTSkip("setfsuid not found: mode-000 test needs a non-root user") }
    let setfsuid = unsafeBitCast(symbol, to: SetFsuid.self)
    // nobody must be able to reach processing/ for the file's own mode to be what refuses.
    for path in [spool.base, spool.root, spool.path(.processing)] { XCTAssertEqual(chmod(path, 0o755), 0) }
    let outcome = try runAside { () throws -> LoadResult in
      _ = setfsuid(65534)
      defer { _ = setfsuid(0) }
      guard setfsuid(UInt32.max) == 65534 else { throw XCTSkip("setfsuid had no effect") }
      return try claimer.load(claim, maxBytes: 100)
    }
    XCTAssertEqual(outcome, expected)
    XCTAssertEqual(try claimer.load(claim, maxBytes: 100), .content(Array("secret".utf8)), "root again")
  }

  // MARK: Finish and fail: collisions

  func testArchiveCollisionsGetSuffixes() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let claimer = SpoolClaimer(layout: spool.layout)
    var archived: [SpoolPath?] = []
    for round in 0..<4 {
      Disk.makeDirectories(spool.path(.incoming, "news"))
      Disk.write(spool.path(.incoming, "news/x.txt"), "round \(round)")
      Disk.write(spool.path(.incoming, "README"), "round \(round)")
      archived.append(try claimer.finish(try claimed(claimer.claim(.of("news/x.txt"))), archive: true))
      archived.append(try claimer.finish(try claimed(claimer.claim(.of("README"))), archive: true))
    }
    XCTAssertEqual(archived, [
      .of("done/news/x.txt"), .of("done/README"), .of("done/news/x.1.txt"), .of("done/README.1"),
      .of("done/news/x.2.txt"), .of("done/README.2"), .of("done/news/x.3.txt"), .of("done/README.3"),
    ])
    XCTAssertEqual(Disk.read(Array(spool.path(.done, "news/x.2.txt").utf8)), Array("round 2".utf8))
  }

  func testAFileInTheWayOfAFolderGetsTheFolderASuffix() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let claimer = SpoolClaimer(layout: spool.layout)
    Disk.write(spool.path(.incoming, "a"), "a file called a")
    XCTAssertEqual(try claimer.finish(try claimed(claimer.claim(.of("a"))), archive: true), .of("done/a"))
    Disk.makeDirectories(spool.path(.incoming, "a"))
    Disk.write(spool.path(.incoming, "a/x.txt"))
    XCTAssertEqual(try claimer.finish(try claimed(claimer.claim(.of("a/x.txt"))), archive: true), .of("done/a.1/x.txt"))
    XCTAssertEqual(Disk.read(Array(spool.path(.done, "a").utf8)), Array("a file called a".utf8))
  }

  func testFailWritesAReasonBesideEachFileAndNeverOverwrites() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let claimer = SpoolClaimer(layout: spool.layout)
    // An article that happens to be named like the reason of another.
    Disk.makeDirectories(spool.path(.failed, "sub"))
    Disk.write(spool.path(.failed, "sub/bad.bin.reason.json"), "{\"someone\":\"else\"}")
    var placed: [SpoolPath] = []
    for round in 0..<3 {
      Disk.makeDirectories(spool.path(.incoming, "sub"))
      Disk.write(spool.path(.incoming, "sub/bad.bin"), "round \(round)")
      let claim = try claimed(claimer.claim(.of("sub/bad.bin")))
      placed.append(try claimer.fail(claim, reason: "binary", detail: "NUL bytes \"quoted\"\nline 2", time: round == 0 ? "2025-01-02T03:04:05.678Z" : nil))
    }
    XCTAssertEqual(placed, [.of("failed/sub/bad.1.bin"), .of("failed/sub/bad.2.bin"), .of("failed/sub/bad.3.bin")])
    XCTAssertEqual(Disk.read(Array(spool.path(.failed, "sub/bad.bin.reason.json").utf8)), Array("{\"someone\":\"else\"}".utf8))
    XCTAssertEqual(spool.entries(.processing), [])
    for (index, path) in placed.enumerated() {
      let reasonPath = spool.root + "/" + path.displayString + ".reason.json"
      let data = try XCTUnwrap(Disk.read(Array(reasonPath.utf8)))
      XCTAssertEqual(data.last, 0x0A, "one line")
      XCTAssertEqual(data.filter { $0 == 0x0A }.count, 1)
      let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(data)) as? [String: String])
      XCTAssertEqual(object["file"], "sub/bad.bin")
      XCTAssertEqual(object["reason"], "binary")
      XCTAssertEqual(object["detail"], "NUL bytes \"quoted\"\nline 2")
      let time = try XCTUnwrap(object["time"])
      if index == 0 { XCTAssertEqual(time, "2025-01-02T03:04:05.678Z") }
      XCTAssertNotNil(time.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression), time)
      XCTAssertEqual(Disk.read(Array((spool.root + "/" + path.displayString).utf8)), Array("round \(index)".utf8))
    }
    // No temporary reason files left behind.
    XCTAssertFalse(spool.entries(.failed, "sub").contains { $0.first == 0x2E })
  }

  func testLongNamesAreShortenedInFailedToLeaveRoomForTheReason() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let name = String(repeating: "x", count: 246) + ".bin"  // 250 bytes
    Disk.write(spool.path(.incoming, name))
    let claimer = SpoolClaimer(layout: spool.layout)
    let placed = try claimer.fail(try claimed(claimer.claim(.of(name))), reason: "binary", detail: "")
    let stored = Array(placed.lastComponent)
    XCTAssertEqual(stored.count, 255 - ".reason.json".utf8.count)
    XCTAssertTrue(String(decoding: stored, as: UTF8.self).hasSuffix(".bin"))
    XCTAssertTrue(Disk.exists(spool.root + "/" + placed.displayString + ".reason.json"))
  }

  func testConcurrentFinishesNeverOverwrite() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let claimer = SpoolClaimer(layout: spool.layout)
    var claims: [Claim] = []
    for index in 0..<60 {
      Disk.makeDirectories(spool.path(.incoming, "same"))
      Disk.write(spool.path(.incoming, "same/x.txt"), "copy \(index)")
      claims.append(try claimed(claimer.claim(.of("same/x.txt"))))
    }
    let work = claims
    let archived = Mutex<[SpoolPath]>([])
    DispatchQueue.concurrentPerform(iterations: 4) { worker in
      for claim in work[(worker * 15)..<(worker * 15 + 15)] {
        if let path = try? claimer.finish(claim, archive: true) { archived.withLock { $0.append(path) } }
      }
    }
    let paths = archived.withLock { $0 }
    XCTAssertEqual(paths.count, 60)
    XCTAssertEqual(Set(paths).count, 60)
    let contents = Set(spool.entries(.done, "same").compactMap { Disk.read(Array(spool.path(.done, "same").utf8) + [0x2F] + $0) })
    XCTAssertEqual(contents.count, 60, "every copy kept")
  }

  // MARK: Names and recovery

  func testRawNamesSurviveClaimRecoverAndFinish() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let folder = Array("sub\nfolder".utf8) + [0xFF]
    let names: [[UInt8]] = [
      Array("line\nbreak.txt".utf8),
      [0x66, 0xFF, 0xFE, 0x2E, 0x74, 0x78, 0x74],
      folder + [0x2F] + Array("caf".utf8) + [0xE9, 0x25, 0x32, 0x46, 0x2E, 0x74, 0x78, 0x74],
      Array("back\\slash~tilde.txt".utf8),
    ]
    Disk.makeDirectory(spool.bytes(.incoming, folder))
    for (index, name) in names.enumerated() { Disk.write(spool.bytes(.incoming, name), Array("n\(index)".utf8)) }
    do {
      let claimer = SpoolClaimer(layout: spool.layout)
      for name in names { _ = try claimed(claimer.claim(SpoolPath(bytes: name)!)) }
    }
    // A new run: a fresh layout and claimer learn the names back from processing/.
    let layout = try SpoolLayout(root: spool.root)
    let claimer = SpoolClaimer(layout: layout)
    let recovered = try claimer.recoverClaims()
    XCTAssertEqual(Set(recovered.map(\.path.bytes)), Set(names))
    XCTAssertTrue(recovered.allSatisfy { $0.token != nil })
    for claim in recovered {
      let archived = try XCTUnwrap(try claimer.finish(claim, archive: true))
      XCTAssertEqual(archived.bytes, Array("done/".utf8) + claim.path.bytes)
      let index = names.firstIndex(of: claim.path.bytes)!
      XCTAssertEqual(Disk.read(spool.bytes(.done, claim.path.bytes)), Array("n\(index)".utf8))
    }
    XCTAssertEqual(spool.entries(.processing), [])
  }

  func testLongNamesUseASidecar() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let long = "deep/" + String(repeating: "long-name-", count: 24) + ".txt"  // 5 + 244 bytes
    Disk.makeDirectories(spool.path(.incoming, "deep"))
    Disk.write(spool.path(.incoming, long), "long")
    let claim = try claimed(SpoolClaimer(layout: spool.layout).claim(.of(long)))
    XCTAssertEqual(claim.processingName.bytes.count, 16)
    XCTAssertEqual(spool.entries(.processing).count, 2, "the claim and its sidecar")

    let claimer = SpoolClaimer(layout: try SpoolLayout(root: spool.root))
    let recovered = try claimer.recoverClaims()
    XCTAssertEqual(recovered.map(\.path), [.of(long)])
    XCTAssertEqual(try claimer.finish(recovered[0], archive: true), .of("done/" + long))
    XCTAssertEqual(spool.entries(.processing), [], "the sidecar leaves with its claim")
  }

  func testRecoveryCleansOrphanSidecarsAndKeepsForeignEntries() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.write(spool.path(.processing, "0123456789abcdef.name"), "lost/name.txt")
    Disk.write(spool.path(.processing, "put-here-by-hand.txt"), "?")
    Disk.write(spool.path(.processing, "fedcba9876543210"), "a claim whose sidecar is gone")
    let claims = try SpoolClaimer(layout: spool.layout).recoverClaims()
    XCTAssertEqual(claims.map(\.path), [.of("fedcba9876543210"), .of("put-here-by-hand.txt")])
    XCTAssertEqual(claims.map(\.token), ["fedcba9876543210", nil])
    XCTAssertEqual(spool.entries(.processing).count, 2, "the orphan sidecar is gone")
  }

  func testRawSystemCallFallbackForRenameat2() throws {
    let renameAt2 = RenameAt2(preferLibc: false)
    guard case .syscall = renameAt2.implementation else { throw XCTSkip("no raw renameat2 on this architecture") }
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let claimer = SpoolClaimer(layout: spool.layout, renameAt2: renameAt2)
    for _ in 0..<2 {
      Disk.write(spool.path(.incoming, "x.txt"))
      _ = try claimer.finish(try claimed(claimer.claim(.of("x.txt"))), archive: true)
    }
    XCTAssertEqual(spool.entries(.done).map { String(decoding: $0, as: UTF8.self) }, ["x.1.txt", "x.txt"])
  }

  func testConcurrentClaimsOfOneNameYieldOneClaim() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let claimer = SpoolClaimer(layout: spool.layout)
    for index in 0..<200 { Disk.write(spool.path(.incoming, "\(index).txt")) }
    let results = Mutex<[ClaimResult]>([])
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      for index in 0..<200 {
        let result = (try? claimer.claim(.of("\(index).txt"))) ?? .vanished
        results.withLock { $0.append(result) }
      }
    }
    let claims = results.withLock { $0.compactMap { if case .claimed(let claim) = $0 { claim } else { nil } } }
    XCTAssertEqual(claims.count, 200)
    XCTAssertEqual(Set(claims.map(\.path)).count, 200)
  }
}

extension LoadResult {
  fileprivate var rejectionReason: SpoolRejection.Reason? {
    if case .rejected(let rejection) = self { return rejection.reason }
    return nil
  }
}
