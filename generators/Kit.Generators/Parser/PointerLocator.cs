using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Kit.Generators.Model;

namespace Kit.Generators.Parser
{
    /// <summary>Maps JSON pointers of a file to text positions, so diagnostics point at the offending value.</summary>
    internal sealed class PointerLocator
    {
        private readonly string _path;
        private readonly string _text;
        private Dictionary<string, int>? _byteOffsets;
        private byte[]? _utf8;

        public PointerLocator(string path, string text)
        {
            _path = path;
            _text = text;
        }

        public LocationInfo Locate(string pointer)
        {
            if (_byteOffsets is null) Build();
            var p = pointer;
            int byteOffset;
            while (!_byteOffsets!.TryGetValue(p, out byteOffset))
            {
                if (p.Length == 0) { byteOffset = 0; break; }
                p = p.Substring(0, Math.Max(0, p.LastIndexOf('/')));
            }
            var charOffset = Encoding.UTF8.GetCharCount(_utf8!, 0, Math.Min(byteOffset, _utf8!.Length));
            var line = 0;
            var lineStart = 0;
            for (var i = 0; i < charOffset && i < _text.Length; i++)
                if (_text[i] == '\n') { line++; lineStart = i + 1; }
            return new LocationInfo(_path, charOffset, 1, line, charOffset - lineStart);
        }

        private void Build()
        {
            _byteOffsets = new Dictionary<string, int>(StringComparer.Ordinal);
            _utf8 = Encoding.UTF8.GetBytes(_text);
            var start = _utf8.Length >= 3 && _utf8[0] == 0xEF && _utf8[1] == 0xBB && _utf8[2] == 0xBF ? 3 : 0;
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_utf8, start, _utf8.Length - start),
                new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 1000 });
            var stack = new List<(string Pointer, bool IsArray, int Index)>();
            string? pendingName = null;
            try
            {
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            pendingName = reader.GetString();
                            break;
                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            stack.RemoveAt(stack.Count - 1);
                            break;
                        default:
                            var pointer = ChildPointer(stack, pendingName);
                            pendingName = null;
                            _byteOffsets[pointer] = (int)reader.TokenStartIndex + start;
                            if (reader.TokenType == JsonTokenType.StartObject) stack.Add((pointer, false, 0));
                            else if (reader.TokenType == JsonTokenType.StartArray) stack.Add((pointer, true, 0));
                            break;
                    }
                }
            }
            catch (JsonException)
            {
                // Malformed files are reported by the parser; positions found so far are still useful.
            }
        }

        private static string ChildPointer(List<(string Pointer, bool IsArray, int Index)> stack, string? name)
        {
            if (stack.Count == 0) return "";
            var top = stack[stack.Count - 1];
            if (top.IsArray)
            {
                stack[stack.Count - 1] = (top.Pointer, true, top.Index + 1);
                return top.Pointer + "/" + top.Index;
            }
            return top.Pointer + "/" + JsonPointer.Escape(name ?? "");
        }
    }

    internal static class JsonPointer
    {
        public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

        public static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

        /// <summary>Finds the element at a pointer, or null when there is none.</summary>
        public static JsonElement? Navigate(JsonElement root, string pointer)
        {
            if (pointer.Length == 0) return root;
            if (pointer[0] != '/') return null;
            var current = root;
            foreach (var raw in pointer.Substring(1).Split('/'))
            {
                var token = Unescape(raw);
                if (current.ValueKind == JsonValueKind.Object)
                {
                    if (!current.TryGetProperty(token, out current)) return null;
                }
                else if (current.ValueKind == JsonValueKind.Array)
                {
                    if (!int.TryParse(token, out var index) || index < 0 || index >= current.GetArrayLength()) return null;
                    current = current[index];
                }
                else return null;
            }
            return current;
        }
    }
}
