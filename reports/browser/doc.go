// Package browser holds the browser tests of the report site and no code.
//
// The tests generate a small demo market, run the whole pipeline on it in
// memory, render the report and open one page of each kind (사업 현황, an
// alley, the stall named <script>alert(1)</script>, 평가, 데이터 품질, 방법)
// in headless Chromium from file://, with every request but file://
// refused. They check what a district
// official would see: no script errors, every chart drawn as SVG, Korean
// text, and that each kind of page prints to an A4 PDF.
//
// They need Debian's chromium (apt-get install chromium fonts-noto-cjk).
// Without it they skip, except when CI is set, where they fail. Set
// SIJANG_ARTIFACTS to a folder to keep the screenshot of index.html and the
// PDFs; otherwise they go to a temporary folder, named in the test log.
package browser
