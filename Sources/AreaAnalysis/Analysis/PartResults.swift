internal import Foundation

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
