#include "ConflictInspector.h"

#include "AttemptTimeline.h"
#include "ConflictTableModel.h"
#include "ViewFormat.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace icp {

namespace {

QString pretty(const QByteArray &body)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && !doc.isNull())
        return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    return QString::fromUtf8(body);
}

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QString memberText(const AgentAvailability *a, const char *part)
{
    if (!a)
        return QStringLiteral("—");
    if (qstrcmp(part, "status") == 0)
        return agentStatusName(a->status);
    if (qstrcmp(part, "capacity") == 0)
        return QString::number(a->capacity);
    return ViewFormat::clockTime(a->sourceTimestampMs);
}

} // namespace

ConflictInspector::ConflictInspector(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_title(new QLabel(this))
    , m_resolutionIcon(new QLabel(this))
    , m_resolution(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_compare(new QTextBrowser(this))
    , m_timeline(new AttemptTimeline(this))
    , m_correlation(new QLineEdit(this))
    , m_copy(new QPushButton(tr("Copy"), this))
    , m_rawTabs(new QTabWidget(this))
    , m_response(new QPlainTextEdit(this))
    , m_request(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("conflictInspector"));
    setAccessibleName(tr("Conflict inspector"));

    m_placeholder->setObjectName(QStringLiteral("inspectorPlaceholder"));
    m_placeholder->setText(tr("Select a conflict to see what was sent, what the server held, and what the engine did."));
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setAccessibleName(tr("No conflict selected"));

    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    m_title->setAccessibleName(tr("Conflict"));
    m_title->setToolTip(tr("The conflict's id, region, skill group and time"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_resolution->setObjectName(QStringLiteral("inspectorResolution"));
    m_resolution->setAccessibleName(tr("Resolution"));
    m_resolution->setToolTip(tr("What the engine did about this conflict"));
    m_resolutionIcon->setAccessibleName(tr("Resolution state"));
    m_resolutionIcon->setToolTip(tr("Check: resolved; triangle: still being worked on; cross: given up"));
    m_summary->setObjectName(QStringLiteral("inspectorSummary"));
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("Conflict summary"));
    m_summary->setToolTip(tr("The versions involved and who changed the group in between"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_compare->setObjectName(QStringLiteral("inspectorComparison"));
    m_compare->setAccessibleName(tr("Sent versus server after re-read"));
    m_compare->setToolTip(tr("Each affected agent as we sent it and as the ICP held it after the re-read; ≠ marks a difference"));
    m_compare->setOpenLinks(false);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_correlation->setObjectName(QStringLiteral("correlationId"));
    m_correlation->setReadOnly(true);
    m_correlation->setFont(mono);
    m_correlation->setAccessibleName(tr("Correlation id"));
    m_correlation->setToolTip(tr("The correlation id of the 409 answer, for the ICP's support"));
    m_copy->setObjectName(QStringLiteral("copyCorrelationId"));
    m_copy->setAccessibleName(tr("Copy correlation id"));
    m_copy->setToolTip(tr("Copy the correlation id to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this, [this]() { QApplication::clipboard()->setText(m_correlation->text()); });

    for (QPlainTextEdit *e : {m_response, m_request}) {
        e->setReadOnly(true);
        e->setFont(mono);
        e->setLineWrapMode(QPlainTextEdit::NoWrap);
        e->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    m_response->setObjectName(QStringLiteral("rawResponse"));
    m_response->setAccessibleName(tr("Raw 409 answer"));
    m_response->setToolTip(tr("The 409 answer as received: status, headers and body"));
    m_request->setObjectName(QStringLiteral("rawRequest"));
    m_request->setAccessibleName(tr("Request body sent"));
    m_request->setToolTip(tr("The body of the write that was refused"));
    m_rawTabs->setObjectName(QStringLiteral("rawTabs"));
    m_rawTabs->setAccessibleName(tr("Raw messages"));
    m_rawTabs->setToolTip(tr("The raw 409 answer and the request that caused it"));
    m_rawTabs->addTab(m_response, tr("409 answer"));
    m_rawTabs->addTab(m_request, tr("Request sent"));

    auto *details = new QWidget(this);
    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_resolutionIcon);
    head->addWidget(m_resolution);
    auto *compareBox = new QGroupBox(tr("Sent vs server after re-read"), details);
    auto *cl = new QVBoxLayout(compareBox);
    cl->setContentsMargins(4, 4, 4, 4);
    cl->addWidget(m_compare);
    auto *timeBox = new QGroupBox(tr("Attempts and backoff"), details);
    auto *tl = new QVBoxLayout(timeBox);
    tl->setContentsMargins(4, 4, 4, 4);
    tl->addWidget(m_timeline);
    auto *rawBox = new QGroupBox(tr("Raw 409"), details);
    auto *rl = new QGridLayout(rawBox);
    rl->setContentsMargins(4, 4, 4, 4);
    auto *corrLabel = new QLabel(tr("Correlation id:"), rawBox);
    corrLabel->setBuddy(m_correlation);
    rl->addWidget(corrLabel, 0, 0);
    rl->addWidget(m_correlation, 0, 1);
    rl->addWidget(m_copy, 0, 2);
    rl->addWidget(m_rawTabs, 1, 0, 1, 3);

    auto *dl = new QVBoxLayout(details);
    dl->setContentsMargins(0, 0, 0, 0);
    dl->addLayout(head);
    dl->addWidget(m_summary);
    dl->addWidget(compareBox, 3);
    dl->addWidget(timeBox);
    dl->addWidget(rawBox, 2);

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(details);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

std::optional<qint64> ConflictInspector::recordId() const
{
    return m_record ? std::optional<qint64>(m_record->id) : std::nullopt;
}

void ConflictInspector::setRecord(const ConflictRecord *record)
{
    if (record)
        m_record = *record;
    else
        m_record.reset();
    render();
}

void ConflictInspector::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_record)
        m_compare->setHtml(comparisonHtml(*m_record, palette()));
}

int ConflictInspector::differenceCount(const ConflictRecord &r)
{
    QHash<QString, AgentAvailability> server;
    for (const AgentAvailability &a : r.serverAfterReread)
        server.insert(a.agentId, a);
    int n = 0;
    for (const AgentAvailability &a : r.sent) {
        const auto it = server.constFind(a.agentId);
        n += (it == server.cend() || !(*it == a)) ? 1 : 0;
    }
    return n;
}

QString ConflictInspector::comparisonHtml(const ConflictRecord &r, const QPalette &pal)
{
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    const QColor diff = mix(base, QColor(0xe0, 0x9b, 0x12), 0.35);
    const QColor head = mix(base, text, 0.10);
    QHash<QString, const AgentAvailability *> server;
    for (const AgentAvailability &a : r.serverAfterReread)
        server.insert(a.agentId, &a);
    QStringList order;
    QHash<QString, const AgentAvailability *> sent;
    for (const AgentAvailability &a : r.sent) {
        sent.insert(a.agentId, &a);
        order << a.agentId;
    }
    for (const AgentAvailability &a : r.serverAfterReread) {
        if (!sent.contains(a.agentId))
            order << a.agentId;
    }

    QString html = QStringLiteral("<table width='100%' cellspacing='0' cellpadding='3' style='color:%1'>").arg(text.name());
    html += QStringLiteral("<tr style='background:%1'><th align='left'>%2</th><th align='left'>%3</th><th align='right'>%4</th>"
                           "<th align='left'>%5</th><th align='left'>%6</th><th align='right'>%7</th><th align='left'>%8</th>"
                           "<th></th></tr>")
                .arg(head.name(), tr("Agent"), tr("We sent"), tr("cap."), tr("observed"), tr("Server after re-read"), tr("cap."),
                     tr("observed"));
    if (!r.reread) {
        html += QStringLiteral("<tr><td colspan='8'>%1</td></tr>")
                    .arg(tr("Not re-read: the 409 names %1, whose recomputes change no members, so the writer rebased "
                            "the same %n change(s) on version %2 from the 409 body without reading the group.",
                            nullptr, int(r.sent.size()))
                             .arg((r.modifiedBy.isEmpty() ? tr("a recompute") : r.modifiedBy).toHtmlEscaped())
                             .arg(r.currentVersion));
        for (const AgentAvailability &a : r.sent)
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td align='right'>%3</td><td>%4</td><td colspan='4'></td></tr>")
                        .arg(a.agentId.toHtmlEscaped(), memberText(&a, "status").toHtmlEscaped(),
                             memberText(&a, "capacity").toHtmlEscaped(), memberText(&a, "time").toHtmlEscaped());
        html += QStringLiteral("</table>");
        return html;
    }
    if (order.isEmpty()) {
        html += QStringLiteral("<tr><td colspan='8'>%1</td></tr>").arg(tr("No members recorded for this conflict."));
    }
    for (const QString &id : std::as_const(order)) {
        const AgentAvailability *s = sent.value(id);
        const AgentAvailability *v = server.value(id);
        auto cell = [&](const char *part, bool right) {
            const QString a = memberText(s, part);
            const QString b = memberText(v, part);
            const bool differs = a != b;
            const QString align = right ? QStringLiteral(" align='right'") : QString();
            const QString bg = differs ? QStringLiteral(" style='background:%1'").arg(diff.name()) : QString();
            return std::pair<QString, QString>{
                QStringLiteral("<td%1%2>%3</td>").arg(align, bg, a.toHtmlEscaped()),
                QStringLiteral("<td%1%2>%3%4</td>").arg(align, bg, differs ? QStringLiteral("<b>≠</b> ") : QString(), b.toHtmlEscaped())};
        };
        const auto st = cell("status", false);
        const auto cap = cell("capacity", true);
        const auto ts = cell("time", false);
        if (!v) {
            // The server does not hold the agent at all: one marked cell instead of three.
            html += QStringLiteral("<tr><td>%1</td>%2%3%4<td colspan='3' style='background:%5'><b>≠</b> %6</td><td>%7</td></tr>")
                        .arg(id.toHtmlEscaped(), st.first, cap.first, ts.first, diff.name(), tr("not held by the server"),
                             tr("differs"));
            continue;
        }
        if (!s) {
            html += QStringLiteral("<tr><td>%1</td><td colspan='3' style='background:%2'><b>≠</b> %3</td>%4%5%6<td>%7</td></tr>")
                        .arg(id.toHtmlEscaped(), diff.name(), tr("not in our write"), st.second, cap.second, ts.second, tr("differs"));
            continue;
        }
        const bool same = *s == *v;
        html += QStringLiteral("<tr><td>%1</td>%2%3%4%5%6%7<td>%8</td></tr>")
                    .arg(id.toHtmlEscaped(), st.first, cap.first, ts.first, st.second, cap.second, ts.second,
                         same ? tr("same") : tr("differs"));
    }
    html += QStringLiteral("</table>");
    return html;
}

QString ConflictInspector::rawResponseText(const ConflictRecord &r)
{
    QString out = QStringLiteral("HTTP 409 Conflict\n");
    for (const auto &[name, value] : r.responseHeaders)
        out += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromLatin1(value) + QLatin1Char('\n');
    out += QLatin1Char('\n') + pretty(r.responseBody);
    return out;
}

void ConflictInspector::render()
{
    if (!m_record) {
        m_stack->setCurrentIndex(0);
        m_timeline->clear();
        m_correlation->clear();
        m_response->clear();
        m_request->clear();
        m_compare->clear();
        return;
    }
    const ConflictRecord &r = *m_record;
    m_stack->setCurrentIndex(1);
    m_title->setText(tr("409 #%1 · %2 / %3 · %4").arg(r.id).arg(r.region, r.skillGroupId, ViewFormat::clockTime(r.atMs)));
    m_resolutionIcon->setPixmap(m_icons.icon(ConflictTableModel::resolutionSeverity(r.resolution)).pixmap(16, 16));
    m_resolution->setText(r.resolution.isEmpty() ? tr("pending") : r.resolution);
    QString summary = tr("Expected version %1, the server held %2").arg(r.expectedVersion).arg(r.currentVersion);
    if (!r.modifiedBy.isEmpty()) {
        summary += tr("; changed by %1").arg(r.modifiedBy);
        if (r.sinceOurLastWriteMs >= 0)
            summary += tr(" %1 after our previous write").arg(ViewFormat::duration(r.sinceOurLastWriteMs));
    }
    if (r.reread) {
        const int diffs = differenceCount(r);
        summary += tr(". %n of %1 sent agent(s) differ after the re-read.", nullptr, diffs).arg(r.sent.size());
    } else {
        summary += tr(". Rebased without a re-read (%n agent(s) resent).", nullptr, int(r.sent.size()));
    }
    m_summary->setText(summary);
    m_compare->setHtml(comparisonHtml(r, palette()));
    m_timeline->setConflict(r.atMs, r.attempts);
    m_correlation->setText(r.correlationId);
    m_correlation->setCursorPosition(0);
    m_copy->setEnabled(!r.correlationId.isEmpty());
    m_response->setPlainText(rawResponseText(r));
    m_request->setPlainText(r.requestBody.isEmpty() ? tr("(no request body recorded)") : pretty(r.requestBody));
}

} // namespace icp
