package dk.rehab.adapter.patient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CprTest {
    @ParameterizedTest
    @ValueSource(strings = {"2512484916", "251248-4916", "0101001234", "2902004234", "3112994999", "0101585000"})
    void validNumbers(String cpr) {
        assertThat(Cpr.problem(cpr)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "251248491, exactly 10 digits",
        "25124849161, exactly 10 digits",
        "25124849AB, exactly 10 digits",
        "3213481234, real date",
        "0013481234, real date",
        "2902001234, real date",
        "3104851234, real date"})
    void invalidNumbersSayWhyWithoutRepeatingThem(String cpr, String why) {
        assertThat(Cpr.problem(cpr)).contains(why).doesNotContain(cpr);
    }

    @ParameterizedTest
    @CsvSource({"0101371234, 1937", "0101364234, 2036", "0101374234, 1937", "0101575234, 2057", "0101585234, 1858"})
    void seventhDigitFixesTheCentury(String cpr, int year) {
        assertThat(Cpr.birthDate(cpr).getYear()).isEqualTo(year);
    }
}
