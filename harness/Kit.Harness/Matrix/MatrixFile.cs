using System.Text.Json;

namespace Kit.Harness.Matrix;

/// <summary>A matrix file that is not valid JSON or does not follow schemas/harness/matrix.schema.json.</summary>
public sealed class MatrixFileException(string message) : Exception(message);

/// <summary>Reads a matrix file: JSON, checked by the validator our generator made from matrix.schema.json.</summary>
public static class MatrixFile
{
    public static Matrix Load(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MatrixFileException($"{path}: cannot read the matrix file: {e.Message}");
        }
        return Parse(bytes, path);
    }

    public static Matrix Parse(ReadOnlyMemory<byte> utf8, string source)
    {
        var check = MatrixValidator.Validate(utf8); // malformed JSON comes back as a violation, not an exception
        if (!check.IsValid)
            throw new MatrixFileException($"{source} does not follow schemas/harness/matrix.schema.json; fix these and run again:\n" +
                string.Join("\n", check.Violations.Select(v => $"  {(v.InstancePointer.Length == 0 ? "(root)" : v.InstancePointer)}: {v.Message}")));
        return JsonSerializer.Deserialize(utf8.Span, MatrixJsonContext.Default.Matrix)!;
    }
}
