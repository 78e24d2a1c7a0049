/// The OpenAPI 3.1 document of the front, served at `GET /openapi.yaml`: the file
/// `Resources/openapi.yaml`, written by hand and compiled into the binary (`.embedInCode` in
/// Package.swift), so editors, linters and the fuzzer read the bytes the front serves. The test
/// `OpenAPIAgreementTests` keeps it true: every route documented, every documented route served,
/// and real answers valid against these schemas.
enum OpenAPIDocument {
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
}
