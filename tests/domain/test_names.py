"""An organisation's name as it reads mid-sentence: "against the Department for Education"."""
import pytest

from claims.domain.names import in_sentence


@pytest.mark.parametrize("name, reads", [
    ("Department for Education", "the Department for Education"),
    ("Department for Work and Pensions", "the Department for Work and Pensions"),
    ("Ministry of Defence", "the Ministry of Defence"),
    ("Home Office", "the Home Office"),
    ("Cabinet Office", "the Cabinet Office"),
    ("Foreign, Commonwealth and Development Office", "the Foreign, Commonwealth and Development Office"),
    ("Office for National Statistics", "the Office for National Statistics"),
    ("Information Commissioner's Office", "the Information Commissioner's Office"),
    ("Crown Prosecution Service", "the Crown Prosecution Service"),
    ("Police Service of Northern Ireland", "the Police Service of Northern Ireland"),
    ("London Borough of Hackney", "the London Borough of Hackney"),
    ("Royal Borough of Kensington and Chelsea", "the Royal Borough of Kensington and Chelsea"),
    ("University of Leeds", "the University of Leeds"),
    ("Care Quality Commission", "the Care Quality Commission"),
    ("Driver and Vehicle Licensing Agency", "the Driver and Vehicle Licensing Agency"),
    ("Welsh Government", "the Welsh Government"),
    ("British Pregnancy Advisory Service (bpas)", "the British Pregnancy Advisory Service (bpas)"),
    ("The Example Trust", "the Example Trust"),
    ("the Example Trust", "the Example Trust"),
    ("  Department   for  Education ", "the Department for Education"),
    # Bare in a sentence:
    ("Leeds City Council", "Leeds City Council"),
    ("Croydon Council (London Borough of Croydon)", "Croydon Council (London Borough of Croydon)"),
    ("University Hospitals Dorset NHS Foundation Trust", "University Hospitals Dorset NHS Foundation Trust"),
    ("South Wales Police", "South Wales Police"),
    ("Acme Security Service Ltd", "Acme Security Service Ltd"),
    ("Post Office Limited", "Post Office Limited"),
    ("Department Store Holdings plc", "Department Store Holdings plc"),
    ("Mermaids", "Mermaids"),
    ("Theodore Office Supplies Ltd", "Theodore Office Supplies Ltd"),
    ("", ""),
])
def test_in_sentence(name, reads):
    assert in_sentence(name) == reads
