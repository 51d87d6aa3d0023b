"""Every engine must write the same sales_report.csv, byte for byte."""
import difflib

from measure import BenchError


def read_text(path):
    with open(path, newline="") as stream:
        return stream.read()


def check_same_report(reference_path, reference_name, candidate_path, candidate_name):
    """Raises BenchError with a diff when the two reports differ at all."""
    expected, actual = read_text(reference_path), read_text(candidate_path)
    if expected == actual:
        return
    diff = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                fromfile=f"{reference_name}: {reference_path}",
                                tofile=f"{candidate_name}: {candidate_path}")
    raise BenchError(f"{candidate_name} disagrees with {reference_name} on the sales report:\n" +
                     "".join(list(diff)[:60]))
