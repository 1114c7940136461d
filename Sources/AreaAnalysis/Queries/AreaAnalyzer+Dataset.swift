public import Foundation

/// How long the steps of an analysis took, in seconds.
public struct AnalysisTimings: Sendable {
    /// Reading and preparing the zones (in parallel with opening the dataset).
    public var read: Double
    /// From the start until the dataset was open.
    public var open: Double
    /// The apportionment alone.
    public var apportion: Double
    /// Building the compositions.
    public var compose: Double
}

extension AreaAnalyzer {
    /// Opens the dataset at `url` and runs `request` on it, reading the zones while the
    /// dataset opens (PROJ's set-up is the slow part of reading).
    ///
    /// - Parameter progress: called with the count of zones apportioned so far.
    public static func run(
        _ request: AnalysisRequest, datasetAt url: URL, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> (AnalysisResult, AnalysisTimings) {
        let start = Date()
        // A child task, so that an error in opening the dataset waits for it to end: a process
        // that exits while a thread is still inside PROJ or GEOS can crash in their destructors.
        async let zones = { () throws -> (PreparedZones, Double) in
            let begin = Date()
            let zones = try AreaAnalyzer.readZones(request.source, options: request.readOptions, radius: request.radius)
            return (zones, Date().timeIntervalSince(begin))
        }()
        let data = try PostcodeDataset(url: url)
        let analyzer = AreaAnalyzer(dataset: data)
        let opened = Date().timeIntervalSince(start)
        let (prepared, readSeconds) = try await zones
        let result = try analyzer.run(request, zones: prepared, progress: progress)
        let timings = AnalysisTimings(
            read: readSeconds, open: opened, apportion: result.apportionSeconds, compose: result.composeSeconds)
        return (result, timings)
    }
}
