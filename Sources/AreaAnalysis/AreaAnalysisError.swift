public import ProfileModel

/// The error the area analysis throws — reading, reprojecting, validating, apportioning:
/// the one error type of the geoprofile libraries.
public typealias AreaAnalysisError = GeoprofileError
