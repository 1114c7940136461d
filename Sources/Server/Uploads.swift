internal import AreaAnalysis
internal import Foundation
internal import ZIPFoundation

/// The zones of a request body: GeoJSON or WKT in memory, or a GeoPackage or Shapefile
/// unpacked into a private temporary folder that ``remove()`` deletes.
struct ZoneUpload: Sendable {
    /// Where the analysis reads the zones.
    var source: ZoneSource
    /// The temporary folder, for a GeoPackage or Shapefile.
    var folder: URL?
    /// The name of the zones taken together: the uploaded file's name without its
    /// extension, or `zones` for a body.
    var title = "zones"

    /// Deletes the temporary folder, if any.
    func remove() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// The limits an upload is read under.
    struct Limits: Sendable {
        /// The most bytes a zip may unpack to.
        var unpackedBytes: Int
        /// The most entries a zip may hold.
        var entries: Int
    }

    /// The zones of a body of the given content type.
    static func read(body: Data, contentType: String?, limits: Limits) throws(Problem) -> ZoneUpload {
        let type = (contentType ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch type {
        case "application/geo+json", "application/json":
            return ZoneUpload(source: .data(body, format: .geojson, name: "the request body"))
        case "multipart/form-data":
            let part = try Multipart.firstFile(in: body, contentType: contentType ?? "")
            var upload = try file(named: part.filename, data: part.data, limits: limits)
            let stem = URL(fileURLWithPath: part.filename).deletingPathExtension().lastPathComponent
            if !stem.isEmpty { upload.title = String(stem.prefix(100)) }
            return upload
        case nil, "":
            throw Problem(
                .unsupportedMediaType,
                "the request has no Content-Type; send application/geo+json, application/json or multipart/form-data")
        default:
            throw Problem(
                .unsupportedMediaType,
                "the Content-Type '\(type ?? "")' is not read; send application/geo+json, application/json or multipart/form-data with a .geojson, .gpkg, .zip (Shapefile) or .wkt file"
            )
        }
    }

    /// The zones of an uploaded file, by its name's extension.
    static func file(named filename: String, data: Data, limits: Limits) throws(Problem) -> ZoneUpload {
        let name = URL(fileURLWithPath: filename).lastPathComponent
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "geojson", "json": return ZoneUpload(source: .data(data, format: .geojson, name: name))
        case "wkt", "txt": return ZoneUpload(source: .data(data, format: .wkt, name: name))
        case "gpkg":
            let folder = try temporaryFolder()
            let url = folder.appendingPathComponent(safeName(name, ext: "gpkg"))
            do { try data.write(to: url) } catch {
                try? FileManager.default.removeItem(at: folder)
                throw Problem(.internalError, "the upload could not be stored for reading")
            }
            return ZoneUpload(source: .file(url), folder: folder)
        case "zip":
            let folder = try temporaryFolder()
            do {
                let shp = try unzipShapefile(data, into: folder, limits: limits, name: safeName(name, ext: "zip"))
                return ZoneUpload(source: .file(shp), folder: folder)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
        default:
            throw Problem(
                .unsupportedMediaType,
                "the file '\(name)' is not a zone file the service reads: send .geojson, .gpkg, .zip (a Shapefile with its .prj) or .wkt"
            )
        }
    }

    /// The upload's name with only letters, digits, `-`, `_` and `.` kept (so messages name
    /// the user's file, and no name reaches outside the temporary folder), ending in `.ext`.
    static func safeName(_ name: String, ext: String) -> String {
        let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
        let kept = String(
            stem.unicodeScalars.filter {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0))
            }
            .map(Character.init)
        ).prefix(80)
        return (kept.isEmpty ? "upload" : String(kept)) + "." + ext
    }

    private static func temporaryFolder() throws(Problem) -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "geoprofile-upload-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch { throw Problem(.internalError, "the upload could not be stored for reading") }
        return folder
    }

    /// The Shapefile parts a zip may hold; anything else in it is skipped.
    static let shapefileParts: Set<String> = ["shp", "shx", "dbf", "prj", "cpg"]

    /// Unpacks the one Shapefile of a zip into `folder`, counting the bytes actually
    /// unpacked (not the sizes the archive claims) against the limit.
    static func unzipShapefile(_ data: Data, into folder: URL, limits: Limits, name: String) throws(Problem) -> URL {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw Problem(.malformedRequest, "the file '\(name)' is not a readable zip archive")
        }
        var entries: [Entry] = []
        for entry in archive {
            entries.append(entry)
            guard entries.count <= limits.entries else {
                throw Problem(
                    .bodyTooLarge, "the zip '\(name)' holds more than \(limits.entries) entries; zip only the Shapefile"
                )
            }
        }
        let declared = entries.reduce(0) { $0 + min(Int(clamping: $1.uncompressedSize), 1 << 50) }
        guard declared <= limits.unpackedBytes else {
            throw Problem(
                .bodyTooLarge,
                "the zip '\(name)' unpacks to more than \(limits.unpackedBytes / 1_048_576) MB, the service's limit")
        }
        let files = entries.filter { entry in
            entry.type == .file && !entry.path.hasPrefix("__MACOSX")
                && shapefileParts.contains(URL(fileURLWithPath: entry.path).pathExtension.lowercased())
        }
        let shps = files.filter { URL(fileURLWithPath: $0.path).pathExtension.lowercased() == "shp" }
        guard shps.count == 1, let shp = shps.first else {
            throw Problem(
                .unprocessable,
                shps.isEmpty
                    ? "the zip '\(name)' holds no .shp file"
                    : "the zip '\(name)' holds \(shps.count) Shapefiles; send one")
        }
        let stem = URL(fileURLWithPath: shp.path).deletingPathExtension().lastPathComponent
        var unpacked = 0
        var target: URL?
        for entry in files {
            let path = URL(fileURLWithPath: entry.path)
            // Only the parts of the one Shapefile, under fixed names: no path from the archive
            // reaches the file system.
            guard path.deletingPathExtension().lastPathComponent == stem else { continue }
            let url = folder.appendingPathComponent(
                safeName(name, ext: "zip").dropLast(3) + path.pathExtension.lowercased())
            guard FileManager.default.createFile(atPath: url.path, contents: nil),
                let handle = try? FileHandle(forWritingTo: url)
            else { throw Problem(.internalError, "the upload could not be stored for reading") }
            defer { try? handle.close() }
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    unpacked += chunk.count
                    guard unpacked <= limits.unpackedBytes else { throw UnpackLimit() }
                    try handle.write(contentsOf: chunk)
                }
            } catch is UnpackLimit {
                throw Problem(
                    .bodyTooLarge,
                    "the zip '\(name)' unpacks to more than \(limits.unpackedBytes / 1_048_576) MB, the service's limit"
                )
            } catch {
                throw Problem(
                    .malformedRequest, "the zip '\(name)' is damaged: \(path.lastPathComponent) cannot be unpacked")
            }
            if path.pathExtension.lowercased() == "shp" { target = url }
        }
        guard let target else { throw Problem(.unprocessable, "the zip '\(name)' holds no .shp file") }
        return target
    }

    private struct UnpackLimit: Error {}
}

/// A minimal reader of `multipart/form-data` bodies (RFC 7578): its parts, or the first part
/// that carries a file.
enum Multipart {
    /// One uploaded file.
    struct File {
        var filename: String
        var data: Data
    }

    /// One part of a form: a field, or a file when it has a `filename`.
    struct Part {
        var name: String
        var filename: String?
        var data: Data
    }

    /// The first part with a `filename`, or a 400 problem naming what is missing.
    static func firstFile(in body: Data, contentType: String) throws(Problem) -> File {
        guard let part = try parts(in: body, contentType: contentType).first(where: { $0.filename != nil }),
            let filename = part.filename
        else { throw Problem(.malformedRequest, "the multipart body holds no file part (a part with a filename)") }
        return File(filename: filename, data: part.data)
    }

    /// Every part of the body, in order; a 400 problem for a body that is not multipart.
    static func parts(in body: Data, contentType: String) throws(Problem) -> [Part] {
        guard let boundary = parameter("boundary", of: contentType), !boundary.isEmpty else {
            throw Problem(.malformedRequest, "the multipart/form-data Content-Type has no boundary")
        }
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var position = body.startIndex
        guard let first = body.range(of: delimiter, in: position..<body.endIndex) else {
            throw Problem(.malformedRequest, "the multipart body holds no part with the boundary of its Content-Type")
        }
        position = first.upperBound
        var parts: [Part] = []
        while position < body.endIndex {
            guard let headEnd = body.range(of: headerEnd, in: position..<body.endIndex) else { break }
            let head = String(decoding: body[position..<headEnd.lowerBound], as: UTF8.self)
            let contentStart = headEnd.upperBound
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: contentStart..<body.endIndex) else {
                throw Problem(.malformedRequest, "the multipart body ends inside a part")
            }
            let disposition = head.split(separator: "\r\n").first {
                $0.lowercased().hasPrefix("content-disposition:")
            }.map(String.init)
            parts.append(
                Part(
                    name: disposition.flatMap { parameter("name", of: $0) } ?? "",
                    filename: disposition.flatMap { parameter("filename", of: $0) },
                    data: Data(body[contentStart..<next.lowerBound])))
            position = next.upperBound
        }
        return parts
    }

    /// A parameter of a header value, e.g. the `boundary` of a Content-Type.
    static func parameter(_ name: String, of value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
