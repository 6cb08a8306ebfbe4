package io.github.k8splatform.batch;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A reporting period [start, end) in UTC: a day (2026-11-24), a month (2026-11), today or yesterday. */
public record Period(LocalDate start, LocalDate end) {

    static Period day(LocalDate day) {
        return new Period(day, day.plusDays(1));
    }

    /** Turns --period text into a Period, with a message that says what is accepted. */
    public static class Converter implements ITypeConverter<Period> {
        @Override
        public Period convert(String value) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            switch (value) {
                case "today":
                    return day(today);
                case "yesterday":
                    return day(today.minusDays(1));
                default:
                    break;
            }
            try {
                return value.length() == 7
                        ? new Period(YearMonth.parse(value).atDay(1), YearMonth.parse(value).plusMonths(1).atDay(1))
                        : day(LocalDate.parse(value));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a period: use YYYY-MM-DD, YYYY-MM, today or yesterday");
            }
        }
    }
}
