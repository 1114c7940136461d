internal import Foundation
internal import ProfileModel

/// Results that worker threads hand in by position, for work spread with
/// `DispatchQueue.concurrentPerform`.
final class PartResults<Value: Sendable, Failure: Error>: @unchecked Sendable {
    // @unchecked Sendable: `storage` is only touched under `lock`.
    private let lock = NSLock()
    private var storage: [Result<Value, Failure>?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    /// Stores the result of part `index`.
    func set(_ index: Int, _ result: Result<Value, Failure>) { lock.withLock { storage[index] = result } }

    /// The results handed in, in position order.
    var values: [Result<Value, Failure>] { lock.withLock { storage.compactMap { $0 } } }
}

/// Work started on another thread, whose result is collected later.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `result` is written once, before `done` is signalled, and read
    // only after waiting for `done`.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, AreaAnalysisError>?

    /// Starts `body` on a global queue.
    init(_ body: @escaping @Sendable () throws(AreaAnalysisError) -> Value) {
        DispatchQueue.global().async {
            self.result = Result(catching: body)
            self.done.signal()
        }
    }

    /// Waits for the work and returns its value, or throws its error.
    func value() throws(AreaAnalysisError) -> Value {
        done.wait()
        guard let result else { preconditionFailure("the work signalled without a result") }
        return try result.get()
    }
}

/// Hands out the numbers `0..<count` to worker threads, each once, in order.
final class WorkQueue: @unchecked Sendable {
    // @unchecked Sendable: `handedOut` is only touched under `lock`.
    private let lock = NSLock()
    private let count: Int
    private var handedOut = 0

    init(count: Int) { self.count = count }

    /// The next number, or `nil` when all are handed out.
    func next() -> Int? { nextRange(size: 1)?.lowerBound }

    /// The next `size` numbers (fewer at the end), or `nil` when all are handed out.
    func nextRange(size: Int) -> Range<Int>? {
        lock.withLock {
            guard handedOut < count else { return nil }
            let range = handedOut..<min(handedOut + size, count)
            handedOut = range.upperBound
            return range
        }
    }
}
