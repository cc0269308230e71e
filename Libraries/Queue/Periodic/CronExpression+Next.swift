extension CronExpression {
    /// The first wall time after `wall` (strictly) that the expression matches, or `nil` if none comes within
    /// 28 years (e.g. `0 0 30 2 *`). Each field jumps to its next allowed value, so a search takes a few dozen steps.
    func nextWallTime(after wall: WallTime) -> WallTime? {
        var t = WallTime(naiveSeconds: wall.naiveSeconds + 1)
        let lastYear = t.year + 28
        while t.year <= lastYear {
            guard let month = months.next(atOrAbove: t.month), month <= 12 else {
                t = WallTime(year: t.year + 1, month: 1, day: 1)
                continue
            }
            if month != t.month { t = WallTime(year: t.year, month: month, day: 1) }
            guard t.day <= WallTime.daysIn(month: t.month, year: t.year) else {
                t = Self.startOfNextMonth(t)
                continue
            }
            guard matchesDay(day: t.day, month: t.month, weekday: t.weekday) else {
                t = WallTime(naiveSeconds: WallTime(year: t.year, month: t.month, day: t.day).naiveSeconds + 86_400)
                continue
            }
            guard let hour = hours.next(atOrAbove: t.hour), hour <= 23 else {
                t = WallTime(naiveSeconds: WallTime(year: t.year, month: t.month, day: t.day).naiveSeconds + 86_400)
                continue
            }
            if hour != t.hour { (t.hour, t.minute, t.second) = (hour, 0, 0) }
            guard let minute = minutes.next(atOrAbove: t.minute), minute <= 59 else {
                t = WallTime(naiveSeconds: WallTime(year: t.year, month: t.month, day: t.day, hour: t.hour).naiveSeconds + 3600)
                continue
            }
            if minute != t.minute { (t.minute, t.second) = (minute, 0) }
            guard let second = seconds.next(atOrAbove: t.second), second <= 59 else {
                t = WallTime(naiveSeconds: WallTime(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute).naiveSeconds + 60)
                continue
            }
            t.second = second
            return t
        }
        return nil
    }

    static func startOfNextMonth(_ t: WallTime) -> WallTime {
        t.month == 12 ? WallTime(year: t.year + 1, month: 1, day: 1) : WallTime(year: t.year, month: t.month + 1, day: 1)
    }
}
