#pragma once
// The application's log as a bounded table: time, level, category, message. Entries arrive in batches (one
// beginInsertRows per batch); the oldest rows go when the bound is reached.
#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace icp {

struct LogEntry
{
    qint64 atMs = 0;           // epoch ms
    QtMsgType type = QtInfoMsg;
    QString category;
    QString message;
};

// Debug < Info < Warning < Critical < Fatal (QtMsgType's values are not in that order).
int logLevelRank(QtMsgType type);
QString logLevelName(QtMsgType type);

class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, CategoryColumn, MessageColumn, ColumnCount };
    enum Role { LevelRankRole = Qt::UserRole + 1, CategoryRole };

    explicit LogModel(int capacity = 5000, QObject *parent = nullptr);

    void append(const QList<LogEntry> &entries);
    void clear();
    int capacity() const { return m_capacity; }
    const LogEntry &entry(int row) const { return m_entries.at(row); }
    QStringList categories() const { return m_categories; } // every category seen, sorted

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void categoriesChanged();

private:
    int m_capacity;
    QList<LogEntry> m_entries;
    QStringList m_categories;
};

} // namespace icp
