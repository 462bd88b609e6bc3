using System.Text;

namespace Kit.Generators.Emitter
{
    /// <summary>Writes indented C# source.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _indent;

        public SourceWriter Line(string text = "")
        {
            if (text.Length > 0) _sb.Append(' ', _indent * 4);
            _sb.Append(text).Append('\n');
            return this;
        }

        public SourceWriter Open(string text)
        {
            Line(text);
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        /// <summary>A writer for text to be placed here later (with <see cref="Append"/>), indented as this one is now.</summary>
        public SourceWriter Nested() => new SourceWriter { _indent = _indent };

        /// <summary>Adds what a <see cref="Nested"/> writer wrote.</summary>
        public SourceWriter Append(SourceWriter nested)
        {
            _sb.Append(nested._sb);
            return this;
        }

        public override string ToString() => _sb.ToString();
    }

    internal static class CSharp
    {
        /// <summary>A C# regular string literal with every character that needs it escaped.</summary>
        public static string Literal(string value)
        {
            var sb = new StringBuilder("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x7f || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                            sb.Append("\\u").Append(((int)c).ToString("x4"));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        /// <summary>Text for an XML doc comment.</summary>
        public static string Xml(string text) =>
            text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", "\\r").Replace("\n", "\\n")
                .Replace("\u2028", " ").Replace("\u2029", " ").Replace("\u0085", " ");

        public static void Summary(SourceWriter w, string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            w.Line("/// <summary>");
            foreach (var line in text!.Replace("\r\n", "\n").Split('\n')) w.Line("/// " + Xml(line.Replace("\r", " ")));
            w.Line("/// </summary>");
        }
    }
}
