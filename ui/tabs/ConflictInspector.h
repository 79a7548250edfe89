#pragma once
// The conflict inspector: for one 409, what we sent beside what the server held after the re-read (differences
// marked), the attempts and their backoff gaps, the resolution, and the raw request and 409 answer with the
// correlation id, selectable and copyable.
#include "EngineSnapshot.h"
#include "StatusIcons.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;

namespace icp {

class AttemptTimeline;

class ConflictInspector : public QWidget
{
    Q_OBJECT
public:
    explicit ConflictInspector(QWidget *parent = nullptr);

    // Shows this record (a copy is kept); nullptr shows the "select a conflict" placeholder.
    void setRecord(const ConflictRecord *record);
    std::optional<qint64> recordId() const;

    // Pure, for tests: the side-by-side comparison as HTML, differing cells marked with "≠" and a tint.
    static QString comparisonHtml(const ConflictRecord &record, const QPalette &palette);
    // The raw answer: status line, headers, blank line, the body (JSON indented).
    static QString rawResponseText(const ConflictRecord &record);
    // Number of agents whose sent and re-read states differ.
    static int differenceCount(const ConflictRecord &record);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    std::optional<ConflictRecord> m_record;
    StatusIcons m_icons;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QLabel *m_title;
    QLabel *m_resolutionIcon;
    QLabel *m_resolution;
    QLabel *m_summary;
    QTextBrowser *m_compare;
    AttemptTimeline *m_timeline;
    QLineEdit *m_correlation;
    QPushButton *m_copy;
    QTabWidget *m_rawTabs;
    QPlainTextEdit *m_response;
    QPlainTextEdit *m_request;
};

} // namespace icp
