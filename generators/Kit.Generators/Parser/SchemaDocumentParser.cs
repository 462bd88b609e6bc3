using System;
using System.Text;
using System.Text.Json;
using System.Threading;
using Kit.Generators.Model;

namespace Kit.Generators.Parser
{
    /// <summary>First pipeline step, per file: is it JSON? Everything that needs other files waits for the compiler.</summary>
    public static class SchemaDocumentParser
    {
        public static SchemaDocumentSpec Parse(SchemaFileInput input, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using (JsonDocument.Parse(input.Text, Options)) { }
                return new SchemaDocumentSpec(input, true, EquatableArray<DiagnosticInfo>.Empty);
            }
            catch (JsonException e)
            {
                var line = (int)(e.LineNumber ?? 0);
                var column = (int)(e.BytePositionInLine ?? 0);
                var location = new LocationInfo(input.Path, OffsetOf(input.Text, line, column), 1, line, column);
                var message = e.Message.Split(new[] { " Path:" }, StringSplitOptions.None)[0];
                return new SchemaDocumentSpec(input, false, new[]
                {
                    new DiagnosticInfo(DiagnosticDescriptors.MalformedJson.Id, location,
                        new[] { System.IO.Path.GetFileName(input.Path), $"{message} (line {line + 1}, column {column + 1})" }.ToEquatableArray()),
                }.ToEquatableArray());
            }
        }

        // MaxDepth: schemas may nest deeper than System.Text.Json's default of 64 (generated, or deeply composed by hand).
        public static readonly JsonDocumentOptions Options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 1000 };

        private static int OffsetOf(string text, int line, int byteColumn)
        {
            var offset = 0;
            for (var l = 0; l < line && offset < text.Length; l++)
            {
                var next = text.IndexOf('\n', offset);
                if (next < 0) return text.Length;
                offset = next + 1;
            }
            // The reader reports bytes; count characters until that many UTF-8 bytes are covered.
            var bytes = 0;
            var chars = 0;
            while (offset + chars < text.Length && bytes < byteColumn)
            {
                bytes += Encoding.UTF8.GetByteCount(text[offset + chars].ToString());
                chars++;
            }
            return Math.Min(offset + chars, text.Length);
        }
    }
}
