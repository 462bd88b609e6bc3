namespace System.Runtime.CompilerServices
{
    // Lets records compile on netstandard2.0.
    internal static class IsExternalInit { }
}
