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
        let zones = Task.detached { () throws -> (PreparedZones, Double) in
            let begin = Date()
            let zones = try AreaAnalyzer.readZones(request.source, options: request.readOptions, radius: request.radius)
            return (zones, Date().timeIntervalSince(begin))
        }
        let data: PostcodeDataset
        do { data = try PostcodeDataset(url: url) } catch {
            zones.cancel()
            throw error
        }
        let analyzer = AreaAnalyzer(dataset: data)
        let opened = Date().timeIntervalSince(start)
        let (prepared, readSeconds) = try await zones.value
        let result = try analyzer.run(request, zones: prepared, progress: progress)
        let timings = AnalysisTimings(
            read: readSeconds, open: opened, apportion: result.apportionSeconds, compose: result.composeSeconds)
        return (result, timings)
    }
}
